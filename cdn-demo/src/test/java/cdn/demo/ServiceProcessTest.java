package cdn.demo;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProcessTest {

	@TempDir
	Path dir;

	@Test
	void aServiceThatCannotStartIsReportedByItsFailureDescription() throws Exception {
		Path log = Files.writeString(this.dir.resolve("origin.log"), """
				2026-01-01T00:00:00.000Z  INFO 1 --- [origin-service] [main] cdn.origin.OriginApplication : Starting
				2026-01-01T00:00:01.000Z ERROR 1 --- [origin-service] [main] o.s.b.d.LoggingFailureAnalysisReporter :\s

				***************************
				APPLICATION FAILED TO START
				***************************

				Description:

				the bundled ffmpeg needs libpulse.so.0, which this machine lacks: apt-get install libpulse0 libxcb-shm0

				""");
		assertThat(ServiceProcess.startFailure(log)).isEqualTo(
				"the bundled ffmpeg needs libpulse.so.0, which this machine lacks: apt-get install libpulse0 libxcb-shm0");
	}

	@Test
	void aLogWithoutAFailureReportGivesNoReason() throws Exception {
		assertThat(ServiceProcess.startFailure(Files.writeString(this.dir.resolve("a.log"), "Killed\n"))).isNull();
		assertThat(ServiceProcess.startFailure(this.dir.resolve("missing.log"))).isNull();
	}

}
