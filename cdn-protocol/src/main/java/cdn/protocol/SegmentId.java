package cdn.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A segment's id: the lowercase hex SHA-256 of its bytes. Names are self-certifying: any
 * holder of bytes can check them against the id before using or re-sharing them.
 */
public record SegmentId(String value) {

	private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

	private static final HexFormat HEX = HexFormat.of();

	public SegmentId {
		if (value == null || !FORMAT.matcher(value).matches()) {
			throw new InvalidIdException("segment id must be 64 lowercase hex characters (SHA-256)");
		}
	}

	public static SegmentId of(String value) {
		return new SegmentId(value);
	}

	public static boolean isValid(String value) {
		return value != null && FORMAT.matcher(value).matches();
	}

	/** The id of the given bytes. */
	public static SegmentId ofBytes(byte[] bytes) {
		return new SegmentId(HEX.formatHex(sha256().digest(bytes)));
	}

	/** The id of a file's bytes, read as a stream. */
	public static SegmentId ofFile(Path file) throws IOException {
		MessageDigest digest = sha256();
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				digest.update(buffer, 0, n);
			}
		}
		return new SegmentId(HEX.formatHex(digest.digest()));
	}

	/** Whether {@code bytes} are exactly the segment this id names. */
	public boolean matches(byte[] bytes) {
		return MessageDigest.isEqual(HEX.parseHex(this.value), sha256().digest(bytes));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
