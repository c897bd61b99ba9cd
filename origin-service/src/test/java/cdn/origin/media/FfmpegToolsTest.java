package cdn.origin.media;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
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

	@Test
	void aMissingSystemLibraryBecomesOneLineSayingWhatToInstall() {
		String loader = "no jniavdevice in java.library.path: /usr/lib\n"
				+ "/home/u/.javacpp/cache/ffmpeg.jar/org/bytedeco/ffmpeg/linux-x86_64/libavdevice.so.62: "
				+ "libpulse.so.0: cannot open shared object file: No such file or directory";
		assertThat(FfmpegTools.missingLibrary(loader)).isEqualTo("libpulse.so.0");
		assertThat(FfmpegTools.missingLibrary("ffmpeg: error while loading shared libraries: libxcb-shm.so.0: "
				+ "cannot open shared object file: No such file or directory"))
			.isEqualTo("libxcb-shm.so.0");
		assertThat(FfmpegTools.missingLibrary("Unknown encoder 'aac'")).isNull();

		String advice = FfmpegTools.missingLibraryAdvice("libpulse.so.0");
		assertThat(advice).doesNotContain("\n")
			.contains("libpulse.so.0", "apt-get install libpulse0 libxcb-shm0", "PATH", "origin.ffmpeg.directory");
		assertThat(FfmpegTools.missingLibraryAdvice("libasound.so.2")).contains("libxcb-shm0 libasound2");
	}

	@Test
	void aConfiguredDirectoryWithoutTheExecutablesIsUnavailableFfmpeg() {
		assertThatExceptionOfType(FfmpegUnavailableException.class)
			.isThrownBy(() -> FfmpegTools.locate(this.dir, "bundled"))
			.withMessageContaining("origin.ffmpeg.directory");
	}

	private static void executable(Path file) throws Exception {
		Files.writeString(file, "#!/bin/sh\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

}
