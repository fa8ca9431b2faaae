package dev.strata.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionsTest {

  @Test
  void everyActionRoundTripsThroughItsJsonLine() {
    Map<String, String> pv = new HashMap<>();
    pv.put("date", "2024-01-01");
    pv.put("nullable", null);
    DeletionVectorDescriptor dv =
        new DeletionVectorDescriptor("u", "ab^-aqEH.-t@S}K{vb[*k^", 1, 36, 3, null);
    List<Action> actions =
        List.of(
            new Protocol(3, 7, Set.of("deletionVectors"), Set.of("deletionVectors", "appendOnly")),
            Protocol.of(1, 2),
            new Metadata(
                "id-1",
                null,
                null,
                null,
                "{\"type\":\"struct\",\"fields\":[]}",
                List.of("date"),
                Map.of("delta.appendOnly", "true"),
                5L),
            new AddFile(
                "date=2024-01-01/a%20b.parquet",
                pv, 10, 20, true, "{\"numRecords\":3}", Map.of("k", "v"), dv, 7L, 8L),
            AddFile.of("x.parquet", Map.of(), 1, 2, null),
            new RemoveFile("x.parquet", 99L, false, true, pv, 10L, null, null, null, null, null),
            new RemoveFile("y.parquet", null, true, null, null, null, null, null, null, null, null),
            new SetTransaction("app", 3, 200L),
            new CommitInfo(
                1L,
                "WRITE",
                Map.of("mode", "Append", "zOrderBy", List.of("a", "b"), "n", 3),
                Map.of("numFiles", "1"),
                0L,
                "WriteSerializable",
                true,
                "Strata/x",
                "meta",
                "tx",
                null),
            new AddCDCFile("_change_data/c.parquet", Map.of("p", "1"), 5, false, null),
            new DomainMetadata("delta.rowTracking", "{}", false));
    for (Action action : actions) {
      String line = Actions.toJson(action);
      assertThat(line).doesNotContain("\n");
      assertThat(Actions.fromJson(line)).as(line).isEqualTo(action);
    }
  }

  @Test
  void unknownActionsAndFieldsAreIgnored() {
    assertThat(Actions.fromJson("{\"someFutureAction\":{\"a\":1}}")).isNull();
    Action add =
        Actions.fromJson(
            "{\"add\":{\"path\":\"p\",\"futureField\":{\"x\":[1,2]},\"partitionValues\":{},\"size\":3,\"modificationTime\":4,\"dataChange\":true}}");
    assertThat(add).isEqualTo(AddFile.of("p", Map.of(), 3, 4, null));
  }

  @Test
  void commitInfoKeepsNonStringOperationParameters() {
    CommitInfo info =
        (CommitInfo)
            Actions.fromJson(
                "{\"commitInfo\":{\"timestamp\":5,\"operation\":\"OPTIMIZE\",\"operationParameters\":{\"predicate\":[],\"zOrderBy\":[\"a\"],\"auto\":false,\"n\":1}}}");
    assertThat(info.operationParameters())
        .containsEntry("predicate", List.of())
        .containsEntry("zOrderBy", List.of("a"))
        .containsEntry("auto", false)
        .containsEntry("n", 1);
  }

  @Test
  void invalidJsonIsACorruptLog() {
    assertThatThrownBy(() -> Actions.fromJson("{\"add\":{\"path\":"))
        .isInstanceOf(CorruptLogException.class);
  }

  @Test
  void toRemoveCarriesTheFileMetadata() {
    AddFile add = AddFile.of("a/b.parquet", Map.of("a", "1"), 10, 20, "{\"numRecords\":5}");
    RemoveFile remove = add.toRemove(30, true);
    assertThat(remove.extendedFileMetadata()).isTrue();
    assertThat(remove.partitionValues()).isEqualTo(Map.of("a", "1"));
    assertThat(remove.size()).isEqualTo(10L);
    assertThat(remove.stats()).isEqualTo(add.stats());
    assertThat(add.numRecords()).hasValue(5);
  }
}
