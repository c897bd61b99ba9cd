package cdn.kit.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import cdn.kit.test.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class AuditLogTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T10:15:30Z"));

	@TempDir
	Path dir;

	@Test
	void anEventIsOneJsonLineWithItsFieldsInOrder() throws Exception {
		Path file = this.dir.resolve("audit/edge.jsonl");
		try (AuditLog log = AuditLog.open("edge-cache-service", settings(file.toString(), "10MB", 30, "100MB"),
				this.clock)) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("purged", 3);
			details.put("note", "quote \" and\nnew line");
			log.record("purge", 200, AuditLog.operator("an-operator-token-0123"), "10.0.0.7", "/tracks/x/", details);
			log.record("purge", 401, "anonymous", "10.0.0.8", null, Map.of());
			log.record("ingest", 0, "anonymous", null, "t".repeat(1000), Map.of());
			log.record("ingest", 503, "anonymous", null, null, Map.of());
		}
		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(4);
		JsonNode done = JSON.readTree(lines.get(0));
		assertThat(done.propertyNames()).containsExactly("time", "service", "action", "outcome", "status", "actor",
				"remote", "target", "details");
		assertThat(done.get("time").asString()).isEqualTo("2026-12-08T10:15:30Z");
		assertThat(done.get("service").asString()).isEqualTo("edge-cache-service");
		assertThat(done.get("outcome").asString()).isEqualTo("done");
		assertThat(done.get("status").asInt()).isEqualTo(200);
		assertThat(done.get("actor").asString()).matches("operator:[0-9a-f]{8}");
		assertThat(done.get("details").get("purged").asInt()).isEqualTo(3);
		assertThat(done.get("details").get("note").asString()).isEqualTo("quote \" and\nnew line");
		JsonNode refused = JSON.readTree(lines.get(1));
		assertThat(refused.get("outcome").asString()).isEqualTo("refused");
		assertThat(refused.has("target")).isFalse();
		assertThat(refused.has("details")).isFalse();
		JsonNode cancelled = JSON.readTree(lines.get(2));
		assertThat(cancelled.get("outcome").asString()).isEqualTo("cancelled");
		assertThat(cancelled.has("status")).isFalse();
		assertThat(cancelled.get("target").asString()).hasSize(AuditLog.MAX_TEXT + 1);
		assertThat(JSON.readTree(lines.get(3)).get("outcome").asString()).isEqualTo("failed");
		assertThat(Files.readString(file)).doesNotContain("an-operator-token-0123");
	}

	@Test
	void anOperatorIsKnownByAShortFingerprintOfItsToken() {
		String actor = AuditLog.operator("an-operator-token-0123");
		assertThat(actor).isEqualTo(AuditLog.operator("an-operator-token-0123"))
			.isNotEqualTo(AuditLog.operator("an-operator-token-0124"))
			.hasSize("operator:".length() + 8)
			.doesNotContain("token");
		assertThat(AuditLog.peer("bob")).isEqualTo("peer:bob");
	}

	@Test
	void theFileIsRolledOverBySizeAndItsHistoryIsBounded() throws Exception {
		Path file = this.dir.resolve("rolled.jsonl");
		String detail = "x".repeat(200);
		try (AuditLog log = AuditLog.open("svc", settings(file.toString(), "1KB", 2, "3KB"), this.clock)) {
			assertThat(log.rolling().getMaxHistory()).isEqualTo(2);
			assertThat(log.rolling().isCleanHistoryOnStart()).isTrue();
			for (int i = 0; i < 100; i++) {
				log.record("purge", 200, "anonymous", null, null, Map.of("n", i, "padding", detail));
			}
			// the active file never grows far past max-file-size: it was rolled over
			assertThat(Files.size(file)).isLessThan(1024 + 400);
			// rolled files are gzipped and kept within total-size-cap (the oldest
			// deleted;
			// the newest may still be on its way when the last clean-up ran)
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				List<Path> rolled = rolled(file);
				assertThat(rolled).isNotEmpty().allMatch((path) -> path.getFileName().toString().endsWith(".jsonl.gz"));
				assertThat(rolled.stream().mapToLong(AuditLogTest::size).sum()).isLessThanOrEqualTo(4 * 1024);
			});
		}
		assertThat(rolled(file)).allMatch((path) -> path.getFileName().toString().startsWith("rolled."));
	}

	@Test
	void withAnEmptyFileTheLinesGoToTheApplicationsLogger() {
		try (AuditLog log = AuditLog.open("svc", settings("", "10MB", 30, "100MB"), this.clock)) {
			assertThat(log.rolling()).isNull();
			log.record("purge", 200, "anonymous", null, null, Map.of());
		}
		assertThat(this.dir).isEmptyDirectory();
	}

	@Test
	void anUnwritableFileFailsAtStartNamingTheProperty() throws Exception {
		Path blocker = Files.writeString(this.dir.resolve("not-a-directory"), "");
		assertThatIllegalStateException()
			.isThrownBy(() -> AuditLog.open("svc",
					settings(blocker.resolve("audit.jsonl").toString(), "10MB", 30, "100MB"), this.clock))
			.withMessageStartingWith("cdn.audit.file: cannot");
	}

	@Test
	void settingsAreBounded() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(null, "10MB", 0, "100MB"));
		assertThatIllegalArgumentException().isThrownBy(() -> settings(null, "10MB", 30, "1MB"));
		assertThatIllegalArgumentException().isThrownBy(() -> settings("logs/%d.jsonl", "10MB", 30, "100MB"));
		assertThat(settings(null, "10MB", 30, "100MB").fileOf("origin-service"))
			.isEqualTo("logs/audit/origin-service.jsonl");
		assertThat(settings(" ", "10MB", 30, "100MB").fileOf("origin-service")).isNull();
	}

	@Test
	void anEmptyFilePropertyBindsAsNoFileAndAnAbsentOneAsTheDefault() {
		Binder empty = new Binder(new MapConfigurationPropertySource(Map.of("cdn.audit.file", "")));
		assertThat(empty.bindOrCreate("cdn.audit", AuditProperties.class).fileOf("svc")).isNull();
		Binder absent = new Binder(new MapConfigurationPropertySource(Map.of("cdn.audit.max-history", "7")));
		AuditProperties defaults = absent.bindOrCreate("cdn.audit", AuditProperties.class);
		assertThat(defaults.fileOf("svc")).isEqualTo("logs/audit/svc.jsonl");
		assertThat(defaults.maxFileSize()).isEqualTo(DataSize.ofMegabytes(10));
		assertThat(defaults.maxHistory()).isEqualTo(7);
		assertThat(defaults.totalSizeCap()).isEqualTo(DataSize.ofMegabytes(100));
	}

	private static AuditProperties settings(String file, String maxFileSize, int maxHistory, String totalSizeCap) {
		return new AuditProperties(file, DataSize.parse(maxFileSize), maxHistory, DataSize.parse(totalSizeCap));
	}

	private static List<Path> rolled(Path file) throws Exception {
		try (Stream<Path> files = Files.list(file.getParent())) {
			return files.filter((path) -> !path.equals(file) && path.getFileName().toString().endsWith(".gz")).toList();
		}
	}

	private static long size(Path path) {
		try {
			return Files.size(path);
		}
		catch (Exception ex) {
			return 0;
		}
	}

}
