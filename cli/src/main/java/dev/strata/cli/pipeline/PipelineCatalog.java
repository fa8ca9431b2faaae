package dev.strata.cli.pipeline;

import dev.strata.pipeline.Pipeline;
import dev.strata.pipeline.PipelineContext;
import dev.strata.pipeline.PipelineException;
import dev.strata.pipeline.PipelineProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds pipelines: by class name (optionally in jars) or through {@link ServiceLoader}. */
final class PipelineCatalog {
  private PipelineCatalog() {}

  static ClassLoader loader(PipelineOptions o) {
    ClassLoader parent = Thread.currentThread().getContextClassLoader();
    if (parent == null) {
      parent = PipelineCatalog.class.getClassLoader();
    }
    if (o.jars.isEmpty()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (Path j : o.jars) {
      if (!Files.isRegularFile(j)) {
        throw new PipelineException("--jar " + j + " does not exist.");
      }
      try {
        urls.add(j.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new PipelineException("--jar " + j + " is not a valid path: " + e.getMessage());
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), parent);
  }

  /** Every provider registered through ServiceLoader, sorted by name. */
  static List<PipelineProvider> providers(ClassLoader cl) {
    List<PipelineProvider> out = new ArrayList<>();
    ServiceLoader.load(PipelineProvider.class, cl).forEach(out::add);
    out.sort(Comparator.comparing(PipelineProvider::name));
    return out;
  }

  /**
   * The pipeline named {@code name} (null: the one given by {@code --class}).
   *
   * @throws PipelineException when none or the class does not fit, naming what is known
   */
  static Pipeline load(String name, PipelineOptions o) {
    ClassLoader cl = loader(o);
    PipelineContext ctx = new PipelineContext(o.lakehouse, o.options);
    Pipeline p;
    if (o.className != null) {
      p = fromClass(o.className, cl, ctx);
    } else {
      if (name == null) {
        throw new PipelineException("Name a pipeline, or give --class.");
      }
      PipelineProvider provider =
          providers(cl).stream()
              .filter(pp -> pp.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new PipelineException(
                          "No pipeline named '"
                              + name
                              + "'. Known pipelines: "
                              + providers(cl).stream().map(PipelineProvider::name).toList()
                              + ". Give --class (and --jar) for one that is not registered."));
      p = provider.create(ctx);
    }
    if (name != null && !name.equals(p.name())) {
      throw new PipelineException(
          "Class " + o.className + " defines pipeline '" + p.name() + "', not '" + name + "'.");
    }
    return p;
  }

  private static Pipeline fromClass(String className, ClassLoader cl, PipelineContext ctx) {
    Class<?> c;
    try {
      c = Class.forName(className, true, cl);
    } catch (ClassNotFoundException e) {
      throw new PipelineException(
          "Class " + className + " is not on the classpath; add its jar with --jar.");
    }
    try {
      if (PipelineProvider.class.isAssignableFrom(c)) {
        return ((PipelineProvider) c.getDeclaredConstructor().newInstance()).create(ctx);
      }
      Method m = c.getMethod("pipeline", PipelineContext.class);
      if (!Modifier.isStatic(m.getModifiers())
          || !Pipeline.class.isAssignableFrom(m.getReturnType())) {
        throw new NoSuchMethodException();
      }
      return (Pipeline) m.invoke(null, ctx);
    } catch (NoSuchMethodException e) {
      throw new PipelineException(
          "Class "
              + className
              + " is neither a PipelineProvider with a public no-argument"
              + " constructor nor has a static Pipeline pipeline(PipelineContext) method.");
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      if (t instanceof RuntimeException re) {
        throw re;
      }
      throw new PipelineException("Building pipeline " + className + " failed: " + t, t);
    } catch (ReflectiveOperationException e) {
      throw new PipelineException("Cannot instantiate " + className + ": " + e, e);
    }
  }
}
