package dev.strata.format.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.format.CloseableIterator;
import dev.strata.format.CorruptFileException;
import dev.strata.format.LocalStorage;
import dev.strata.format.Row;
import dev.strata.format.SchemaMismatchException;
import dev.strata.format.StoragePaths;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DecimalType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroFilesTest {
  @TempDir Path dir;
  private final LocalStorage storage = new LocalStorage();

  private static final String SCHEMA =
      """
      {"type":"record","name":"order","namespace":"test","fields":[
        {"name":"id","type":"long"},
        {"name":"name","type":["null","string"],"default":null},
        {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},
        {"name":"price","type":["null",{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}]},
        {"name":"big","type":{"type":"fixed","name":"Big","size":16,"logicalType":"decimal","precision":30,"scale":4}},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"day","type":{"type":"int","logicalType":"date"}},
        {"name":"ok","type":"boolean"},
        {"name":"score","type":"double"},
        {"name":"tags","type":{"type":"array","items":["null","string"]}},
        {"name":"attrs","type":{"type":"map","values":"int"}},
        {"name":"address","type":["null",{"type":"record","name":"Address","fields":[
            {"name":"city","type":"string"},{"name":"zip","type":["null","int"]}]}]},
        {"name":"blob","type":"bytes"}
      ]}
      """;

  @Test
  void readsEveryKindOfField() throws Exception {
    Schema schema = new Schema.Parser().parse(SCHEMA);
    List<GenericRecord> records = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      GenericRecord r = new GenericData.Record(schema);
      r.put("id", (long) i);
      r.put("name", i % 3 == 0 ? null : "n" + i);
      r.put(
          "status",
          new GenericData.EnumSymbol(
              schema.getField("status").schema(), i % 2 == 0 ? "NEW" : "PAID"));
      r.put(
          "price",
          i % 5 == 0
              ? null
              : ByteBuffer.wrap(BigDecimal.valueOf(i * 101L, 2).unscaledValue().toByteArray()));
      byte[] fixed = new byte[16];
      byte[] unscaled = BigDecimal.valueOf(-i * 12345L, 4).unscaledValue().toByteArray();
      Arrays.fill(fixed, 0, 16 - unscaled.length, (byte) (i == 0 ? 0 : 0xFF));
      System.arraycopy(unscaled, 0, fixed, 16 - unscaled.length, unscaled.length);
      r.put("big", new GenericData.Fixed(schema.getField("big").schema(), fixed));
      r.put("ts", 1_700_000_000_000L + i);
      r.put("day", 19_000 + i);
      r.put("ok", i % 2 == 1);
      r.put("score", i / 4.0);
      r.put("tags", Arrays.asList("a" + i, null));
      r.put("attrs", Map.of("k", i));
      Schema address = schema.getField("address").schema().getTypes().get(1);
      if (i % 4 != 0) {
        GenericRecord a = new GenericData.Record(address);
        a.put("city", "c" + i);
        a.put("zip", i % 8 == 1 ? null : i);
        r.put("address", a);
      }
      r.put("blob", ByteBuffer.wrap(new byte[] {(byte) i, 7}));
      records.add(r);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      writer.create(schema, bytes);
      for (GenericRecord r : records) {
        writer.append(r);
      }
    }
    String path = StoragePaths.normalize(dir.resolve("orders.avro").toString());
    storage.write(path, bytes.toByteArray());

    StructType strata = AvroFiles.schema(storage, path);
    assertThat(strata.field("price").type()).isEqualTo(new DecimalType(10, 2));
    assertThat(strata.field("big").type()).isEqualTo(new DecimalType(30, 4));
    assertThat(strata.field("ts").type()).isEqualTo(PrimitiveType.TIMESTAMP);
    assertThat(strata.field("day").type()).isEqualTo(PrimitiveType.DATE);
    assertThat(strata.field("tags").type()).isEqualTo(new ArrayType(PrimitiveType.STRING, true));
    assertThat(strata.field("attrs").type())
        .isEqualTo(new MapType(PrimitiveType.STRING, PrimitiveType.INTEGER, false));
    assertThat(strata.field("id").nullable()).isFalse();
    assertThat(strata.field("name").nullable()).isTrue();

    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<ColumnBatch> it = AvroFiles.read(storage, path)) {
      it.forEachRemaining(b -> rows.addAll(b.toRows()));
    }
    assertThat(rows).hasSize(5000);
    Row r7 = rows.get(7);
    assertThat(r7.get("id")).isEqualTo(7L);
    assertThat(r7.get("name")).isEqualTo("n7");
    assertThat(r7.get("status")).isEqualTo("PAID");
    assertThat(r7.get("price")).isEqualTo(new BigDecimal("7.07"));
    assertThat(r7.get("big")).isEqualTo(new BigDecimal("-8.6415"));
    assertThat(r7.get("ts")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_007L));
    assertThat(r7.get("day")).isEqualTo(LocalDate.ofEpochDay(19_007));
    assertThat(r7.get("tags")).isEqualTo(Arrays.asList("a7", null));
    assertThat(r7.get("attrs")).isEqualTo(Map.of("k", 7));
    assertThat(((Row) r7.get("address")).get("city")).isEqualTo("c7");
    assertThat((byte[]) r7.get("blob")).containsExactly(7, 7);
    assertThat(rows.get(0).get("name")).isNull();
    assertThat(rows.get(0).get("price")).isNull();
    assertThat(rows.get(0).get("address")).isNull();
    assertThat(((Row) rows.get(9).get("address")).get("zip")).isNull();
  }

  @Test
  void schemasConvertBothWays() {
    StructType schema =
        StructType.of(
            StructField.of("a", PrimitiveType.LONG, false),
            StructField.of("b", PrimitiveType.STRING),
            StructField.of("c", new DecimalType(20, 3)),
            StructField.of("d", PrimitiveType.DATE),
            StructField.of("e", PrimitiveType.TIMESTAMP),
            StructField.of("f", PrimitiveType.TIMESTAMP_NTZ),
            StructField.of("g", new ArrayType(PrimitiveType.DOUBLE, true)),
            StructField.of("h", new MapType(PrimitiveType.STRING, PrimitiveType.BINARY, false)),
            StructField.of(
                "s",
                StructType.of(
                    StructField.of("x", PrimitiveType.INTEGER),
                    StructField.of(
                        "y", StructType.of(StructField.of("z", PrimitiveType.BOOLEAN))))));
    Schema avro = AvroSchemas.toAvroSchema(schema, "t", "dev.strata");
    assertThat(AvroSchemas.toStructType(new Schema.Parser().parse(avro.toString())))
        .isEqualTo(schema);
  }

  @Test
  void unsupportedUnionsAndCorruptFilesAreClearErrors() {
    Schema union =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"u\",\"type\":[\"int\",\"string\"]}]}");
    assertThatThrownBy(() -> AvroSchemas.toStructType(union))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("r.u");
    String path = StoragePaths.normalize(dir.resolve("bad.avro").toString());
    storage.write(path, "Obj\u0001garbage".getBytes());
    assertThatThrownBy(() -> AvroFiles.read(storage, path))
        .isInstanceOf(CorruptFileException.class)
        .hasMessageContaining("bad.avro");
  }
}
