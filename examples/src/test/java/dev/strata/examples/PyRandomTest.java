package dev.strata.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values were printed once by CPython 3.11's {@code random.Random}. */
class PyRandomTest {

  @Test
  void matchesCpythonForSmallSeed() {
    PyRandom r = new PyRandom(42);
    assertThat(r.random()).isEqualTo(0.6394267984578837);
    assertThat(r.randint(1, 10)).isEqualTo(1);
    assertThat(r.getrandbits(32)).isEqualTo(3184935163L);
    assertThat(r.randrange(20)).isEqualTo(8);
  }

  @Test
  void seedsFromAbsoluteValueInThirtyTwoBitWords() {
    PyRandom big = new PyRandom((1L << 40) + 5);
    assertThat(big.random()).isEqualTo(0.5043802970418443);
    assertThat(big.randint(1, 1_000_000)).isEqualTo(281653);
    assertThat(new PyRandom(-7).random()).isEqualTo(0.32383276483316237);
    assertThat(new PyRandom(0).random()).isEqualTo(0.8444218515250481);
  }

  @Test
  void sampleUsesPoolForSmallPopulationsAndSetForLargeOnes() {
    PyRandom r = new PyRandom(1);
    assertThat(r.sampleRange(1, 100, 10)).containsExactly(18, 73, 98, 9, 33, 16, 64, 58, 61, 84);
    List<Integer> x = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    r.shuffle(x);
    assertThat(x).containsExactly(7, 5, 2, 4, 9, 0, 8, 1, 3, 6);
    assertThat(new PyRandom(1).sampleRange(1, 100_000, 10))
        .containsExactly(17612, 74607, 8272, 33433, 15456, 64938, 99741, 58916, 61899, 85406);
  }
}
