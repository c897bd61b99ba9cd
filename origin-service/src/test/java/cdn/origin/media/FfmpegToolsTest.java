package cdn.origin.media;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FfmpegToolsTest {

	@TempDir
	Path dir;

	@Test
	void findsTheFirstPathEntryHoldingBothExecutables() throws Exception {
		Path onlyFfmpeg = Files.createDirectories(this.dir.resolve("only-ffmpeg"));
		executable(onlyFfmpeg.resolve("ffmpeg"));
		Path both = Files.createDirectories(this.dir.resolve("both"));
		executable(both.resolve("ffmpeg"));
		executable(both.resolve("ffprobe"));

		FfmpegTools tools = FfmpegTools.findOnPath(onlyFfmpeg + File.pathSeparator + both);

		assertThat(tools).isNotNull();
		assertThat(tools.ffmpeg()).isEqualTo(both.resolve("ffmpeg"));
		assertThat(tools.ffprobe()).isEqualTo(both.resolve("ffprobe"));
		assertThat(tools.origin()).startsWith("PATH");
	}

	@Test
	void nothingOnPathFindsNothing() throws Exception {
		executable(this.dir.resolve("ffmpeg"));
		assertThat(FfmpegTools.findOnPath(this.dir.toString())).isNull();
		assertThat(FfmpegTools.findOnPath(null)).isNull();
		assertThat(FfmpegTools.findOnPath("")).isNull();
	}

	@Test
	void aConfiguredDirectoryWithoutTheExecutablesIsAClearError() {
		assertThatIllegalStateException().isThrownBy(() -> FfmpegTools.locate(this.dir, "auto"))
			.withMessageContaining("no ffmpeg and ffprobe");
	}

	private static void executable(Path file) throws Exception {
		Files.writeString(file, "#!/bin/sh\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

}
