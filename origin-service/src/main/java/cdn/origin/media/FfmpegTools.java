package cdn.origin.media;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.javacpp.Loader;

/**
 * The ffmpeg and ffprobe executables and a safe way to run them. They come from a
 * configured directory, else from {@code PATH}, else from the {@code org.bytedeco:ffmpeg}
 * jar on the classpath, so a machine with only a JDK can transcode.
 */
public final class FfmpegTools {

	/** How much of a process's stderr is kept for error messages. */
	private static final int MAX_ERROR_CHARS = 4000;

	/** What to do when no working ffmpeg is found, at the end of every such message. */
	static final String PATH_ADVICE = "put ffmpeg and ffprobe on PATH, or set origin.ffmpeg.directory";

	/**
	 * The Linux packages the bundled build's libavdevice needs beyond a JDK: PulseAudio's
	 * and XCB's shared-memory client libraries (ALSA's comes with the JDK package).
	 */
	static final String DEBIAN_PACKAGES = "libpulse0 libxcb-shm0";

	private static final Pattern MISSING_LIBRARY = Pattern
		.compile("([\\w.+-]+\\.so[.\\d]*): cannot open shared object file");

	private final Path ffmpeg;

	private final Path ffprobe;

	private final String origin;

	private final Map<String, String> environment;

	private FfmpegTools(Path ffmpeg, Path ffprobe, String origin, Map<String, String> environment) {
		this.ffmpeg = ffmpeg;
		this.ffprobe = ffprobe;
		this.origin = origin;
		this.environment = environment;
	}

	/**
	 * Finds ffmpeg and ffprobe.
	 * @param directory a directory holding both, or {@code null} to search
	 * @param source {@code auto} (directory, then PATH, then bundled), {@code path} or
	 * {@code bundled}
	 */
	public static FfmpegTools locate(Path directory, String source) {
		if (directory != null) {
			Path ffmpeg = directory.resolve(executableName("ffmpeg"));
			Path ffprobe = directory.resolve(executableName("ffprobe"));
			if (!Files.isExecutable(ffmpeg) || !Files.isExecutable(ffprobe)) {
				throw new FfmpegUnavailableException(
						"no ffmpeg and ffprobe executables in " + directory + " (origin.ffmpeg.directory)");
			}
			return new FfmpegTools(ffmpeg, ffprobe, "configured " + directory, Map.of());
		}
		if (!"bundled".equals(source)) {
			FfmpegTools onPath = findOnPath(System.getenv("PATH"));
			if (onPath != null) {
				return onPath;
			}
			if ("path".equals(source)) {
				throw new FfmpegUnavailableException("ffmpeg and ffprobe are not on PATH (origin.ffmpeg.source=path)");
			}
		}
		return bundled();
	}

	static FfmpegTools findOnPath(String pathVariable) {
		if (pathVariable == null) {
			return null;
		}
		for (String entry : pathVariable.split(File.pathSeparator)) {
			if (entry.isBlank()) {
				continue;
			}
			Path dir = Path.of(entry);
			Path ffmpeg = dir.resolve(executableName("ffmpeg"));
			Path ffprobe = dir.resolve(executableName("ffprobe"));
			if (Files.isExecutable(ffmpeg) && Files.isExecutable(ffprobe)) {
				return new FfmpegTools(ffmpeg, ffprobe, "PATH " + dir, Map.of());
			}
		}
		return null;
	}

	private static FfmpegTools bundled() {
		FfmpegTools tools;
		try {
			Path ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
			Path ffprobe = Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
			// The bundled programs find their own libraries through RUNPATH, but those
			// libraries' dependencies (libva, ...) sit beside them and need the search
			// path.
			String libraries = ffmpeg.getParent().toString();
			tools = new FfmpegTools(ffmpeg, ffprobe, "bundled " + ffmpeg.getParent(),
					Map.of("LD_LIBRARY_PATH", libraries, "DYLD_LIBRARY_PATH", libraries));
		}
		catch (RuntimeException | LinkageError ex) {
			String missing = missingLibrary(messages(ex));
			if (missing != null) {
				throw new FfmpegUnavailableException(missingLibraryAdvice(missing), ex);
			}
			throw new FfmpegUnavailableException("no ffmpeg on PATH and the bundled one could not be loaded here ("
					+ firstLine(ex.getMessage()) + "): " + PATH_ADVICE, ex);
		}
		tools.checkRuns();
		return tools;
	}

	/** The first shared library the dynamic loader could not find, or null. */
	static String missingLibrary(String loaderOutput) {
		Matcher matcher = MISSING_LIBRARY.matcher(loaderOutput);
		return matcher.find() ? matcher.group(1) : null;
	}

	/** One line: what is missing and what to install or configure instead. */
	static String missingLibraryAdvice(String library) {
		String packages = DEBIAN_PACKAGES + (library.startsWith("libasound") ? " libasound2" : "");
		return "the bundled ffmpeg needs " + library + ", which this machine lacks: apt-get install " + packages
				+ " (Debian/Ubuntu), or " + PATH_ADVICE;
	}

	private static String messages(Throwable ex) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			all.append(t.getMessage()).append('\n');
			for (Throwable suppressed : t.getSuppressed()) {
				all.append(suppressed.getMessage()).append('\n');
			}
		}
		return all.toString();
	}

	private static String firstLine(String text) {
		return (text == null) ? "" : text.lines().findFirst().orElse("");
	}

	/**
	 * Fails fast, with the fix in the message, when the bundled build lacks a system
	 * library (on Linux servers without a desktop: libpulse0, libxcb-shm0).
	 */
	private void checkRuns() {
		try {
			ProcessResult version = ffmpeg(List.of("-version"), Duration.ofSeconds(30));
			if (!version.succeeded()) {
				String missing = missingLibrary(version.stderr());
				throw new FfmpegUnavailableException((missing != null) ? missingLibraryAdvice(missing)
						: "the bundled ffmpeg cannot run here (" + version.firstErrorLine() + "): " + PATH_ADVICE);
			}
		}
		catch (IOException ex) {
			throw new FfmpegUnavailableException(
					"the bundled ffmpeg cannot be started (" + ex.getMessage() + "): " + PATH_ADVICE, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while checking ffmpeg", ex);
		}
	}

	private static String executableName(String name) {
		return System.getProperty("os.name", "").startsWith("Windows") ? name + ".exe" : name;
	}

	public Path ffmpeg() {
		return this.ffmpeg;
	}

	public Path ffprobe() {
		return this.ffprobe;
	}

	/** Where the executables came from, for logs. */
	public String origin() {
		return this.origin;
	}

	/** Runs ffmpeg with the given arguments (after {@code -nostdin -hide_banner}). */
	public ProcessResult ffmpeg(List<String> arguments, Duration timeout) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.ffmpeg.toString(), "-nostdin", "-hide_banner"));
		command.addAll(arguments);
		return run(command, timeout);
	}

	/**
	 * Starts a long-running ffmpeg (a live encoder) with the given arguments (after
	 * {@code -nostdin -hide_banner}); its output goes to {@code log}, never to a pipe.
	 */
	public Process startFfmpeg(List<String> arguments, Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of(this.ffmpeg.toString(), "-nostdin", "-hide_banner"));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(log.toFile()).redirectErrorStream(true);
		builder.environment().putAll(this.environment);
		return builder.start();
	}

	/** Runs ffprobe with the given arguments. */
	public ProcessResult ffprobe(List<String> arguments, Duration timeout) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.ffprobe.toString(), "-hide_banner"));
		command.addAll(arguments);
		return run(command, timeout);
	}

	private ProcessResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
		// Output goes to files, not pipes, so a chatty process can never block on a full
		// pipe.
		Path stdout = Files.createTempFile("ffmpeg-out", ".txt");
		Path stderr = Files.createTempFile("ffmpeg-err", ".txt");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile());
			builder.environment().putAll(this.environment);
			Process process = builder.start();
			try {
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					return new ProcessResult(-1, Files.readString(stdout),
							"timed out after " + timeout.toSeconds() + " s");
				}
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				throw ex;
			}
			return new ProcessResult(process.exitValue(), readLossy(stdout), tail(readLossy(stderr)));
		}
		finally {
			Files.deleteIfExists(stdout);
			Files.deleteIfExists(stderr);
		}
	}

	private static String readLossy(Path file) throws IOException {
		return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
	}

	private static String tail(String text) {
		String trimmed = text.strip();
		return (trimmed.length() <= MAX_ERROR_CHARS) ? trimmed : trimmed.substring(trimmed.length() - MAX_ERROR_CHARS);
	}

	/**
	 * Exit code, standard output, and the tail of standard error of a finished process.
	 */
	public record ProcessResult(int exitCode, String stdout, String stderr) {

		public boolean succeeded() {
			return this.exitCode == 0;
		}

		/** The first line of stderr, the most specific reason ffmpeg gives. */
		public String firstErrorLine() {
			return this.stderr.isBlank() ? "exit code " + this.exitCode : this.stderr.lines().findFirst().orElse("");
		}

	}

}
