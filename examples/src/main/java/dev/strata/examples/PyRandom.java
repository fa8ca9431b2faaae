package dev.strata.examples;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CPython's {@code random.Random} (Mersenne Twister MT19937) reproduced draw for draw, so that a
 * Java generator writes the same bytes as a Python script for the same integer seed.
 *
 * <p>Only the methods the benchmark generator uses are provided, each following CPython 3's
 * algorithm exactly: integers come from {@code _randbelow} (rejection sampling over {@code
 * getrandbits(n.bit_length())}), floats from the 53-bit {@code genrand_res53}.
 */
public final class PyRandom {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int mti;

  /** Seeds like {@code random.Random(seed)} with an int: the absolute value as 32-bit words. */
  public PyRandom(long seed) {
    long abs = Math.abs(seed);
    int[] key;
    if (abs == 0) {
      key = new int[] {0};
    } else if ((abs >>> 32) == 0) {
      key = new int[] {(int) abs};
    } else {
      key = new int[] {(int) abs, (int) (abs >>> 32)};
    }
    initByArray(key);
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    mti = N;
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** One 32-bit output, as an unsigned value in the low bits of an int. */
  private int genrandUint32() {
    if (mti >= N) {
      int kk;
      for (kk = 0; kk < N - M; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
      }
      int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
      mti = 0;
    }
    int y = mt[mti++];
    y ^= (y >>> 11);
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= (y >>> 18);
    return y;
  }

  /** {@code random()}: a double in [0, 1) with 53 random bits. */
  public double random() {
    int a = genrandUint32() >>> 5;
    int b = genrandUint32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /** {@code getrandbits(k)} for 0 &lt;= k &lt;= 32 (all the generator needs). */
  public long getrandbits(int k) {
    if (k < 0 || k > 32) {
      throw new IllegalArgumentException("getrandbits supports 0..32 bits here, got " + k);
    }
    if (k == 0) {
      return 0;
    }
    return Integer.toUnsignedLong(genrandUint32()) >>> (32 - k);
  }

  /** {@code _randbelow(n)}: uniform in [0, n), n &gt; 0 and below 2^32. */
  public long randbelow(long n) {
    if (n <= 0 || n > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("randbelow needs 0 < n < 2^32, got " + n);
    }
    int k = 64 - Long.numberOfLeadingZeros(n);
    long r = getrandbits(k);
    while (r >= n) {
      r = getrandbits(k);
    }
    return r;
  }

  /** {@code randint(a, b)}: uniform in [a, b]. */
  public long randint(long a, long b) {
    return a + randbelow(b - a + 1);
  }

  /** {@code randrange(n)}. */
  public long randrange(long n) {
    return randbelow(n);
  }

  /** {@code choice(seq)}. */
  public <T> T choice(List<T> seq) {
    return seq.get((int) randbelow(seq.size()));
  }

  /** {@code choices(population, k=k)} without weights. */
  public <T> List<T> choices(List<T> population, int k) {
    double n = population.size();
    List<T> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(population.get((int) Math.floor(random() * n)));
    }
    return out;
  }

  /** {@code shuffle(x)} in place. */
  public <T> void shuffle(List<T> x) {
    for (int i = x.size() - 1; i >= 1; i--) {
      int j = (int) randbelow(i + 1);
      T t = x.get(i);
      x.set(i, x.get(j));
      x.set(j, t);
    }
  }

  /** {@code sample(range(start, start + n), k)}: k distinct values in selection order. */
  public long[] sampleRange(long start, int n, int k) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("Sample larger than population or is negative");
    }
    long[] result = new long[k];
    long setsize = 21;
    if (k > 5) {
      // Python: 4 ** ceil(log(k * 3, 4)), where log(x, base) is log(x) / log(base).
      setsize += (long) Math.pow(4, Math.ceil(StrictMath.log(k * 3.0) / StrictMath.log(4.0)));
    }
    if (n <= setsize) {
      long[] pool = new long[n];
      for (int i = 0; i < n; i++) {
        pool[i] = start + i;
      }
      for (int i = 0; i < k; i++) {
        int j = (int) randbelow(n - i);
        result[i] = pool[j];
        pool[j] = pool[n - i - 1];
      }
    } else {
      Set<Integer> selected = new HashSet<>();
      for (int i = 0; i < k; i++) {
        int j = (int) randbelow(n);
        while (selected.contains(j)) {
          j = (int) randbelow(n);
        }
        selected.add(j);
        result[i] = start + j;
      }
    }
    return result;
  }
}
