package cdn.demo.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import cdn.demo.ServiceProcess;

/**
 * Real tracks a browser can play: a tone written as a WAV, packaged into an origin store
 * by the origin's own {@code ingest} command (the real ffmpeg ladder).
 */
final class AudioTracks {

	private static final int SAMPLE_RATE = 48_000;

	private AudioTracks() {
	}

	static void ingest(Path storage, String trackId, int seconds, double frequency) throws Exception {
		Path wav = Files.createTempFile(trackId, ".wav");
		try {
			Files.write(wav, tone(seconds, frequency));
			Path log = Files.createTempFile(trackId, "-ingest.log");
			Process ingest = new ProcessBuilder(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
							ServiceProcess.jarOf("origin-service").toString(), "ingest", wav.toString(), "--title",
							trackId, "--track-id", trackId, "--storage", storage.toString()))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!ingest.waitFor(3, TimeUnit.MINUTES) || ingest.exitValue() != 0) {
				ingest.destroyForcibly();
				throw new IllegalStateException("ingest of " + trackId + " failed: " + Files.readString(log));
			}
		}
		finally {
			Files.deleteIfExists(wav);
		}
	}

	/** 16-bit mono PCM in a WAV container. */
	static byte[] tone(int seconds, double frequency) throws IOException {
		int samples = seconds * SAMPLE_RATE;
		ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
		wav.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
		wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE);
		wav.putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
		wav.put("data".getBytes()).putInt(samples * 2);
		for (int i = 0; i < samples; i++) {
			wav.putShort((short) (8000 * Math.sin(2 * Math.PI * frequency * i / SAMPLE_RATE)));
		}
		return wav.array();
	}

}
