package cdn.kit.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.code_intelligence.jazzer.junit.FuzzTest;

import cdn.kit.security.SignedUrls.Result;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SignedUrls#verify} on what a client sends (a raw path and query, every byte of
 * both chosen by the client): always a {@link Result}, never an exception (an origin or
 * edge would answer it 500); a path it lets through is a clean one; and the query helpers
 * agree with it ({@code stripSignature} leaves nothing that signs, {@code signatureOf}
 * keeps all that counts). The first line of an input is the path, the rest the query
 * (none without a line break). {@link #signedByUs} signs a scope of the input's choosing
 * with the real secret, so that the checks after the signature are reached too. Without
 * {@code JAZZER_FUZZ} only the seeds run ({@code SignedUrlsFuzzTestInputs/<method>}).
 */
class SignedUrlsFuzzTest {

	/** The seeds' clock: their {@code cdn-exp=1772370000} is an hour after it. */
	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	/** {@code u1}: 32 zero bytes, so that the seeds can carry valid signatures. */
	static final SignedUrls URLS = new SignedUrls(UrlSigningKeys.parse("u1=" + "A".repeat(43)),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@FuzzTest(maxDuration = "30s")
	void verify(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);
		int newline = text.indexOf('\n');
		String path = (newline < 0) ? text : text.substring(0, newline);
		String query = (newline < 0) ? null : text.substring(newline + 1);
		checkVerify(path, query);
	}

	/**
	 * Lines: the path, the scope signed (with the real secret, valid for an hour, or
	 * until the epoch second on the fourth line), the query around the signature.
	 */
	@FuzzTest(maxDuration = "30s")
	void signedByUs(byte[] input) {
		String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 4);
		if (lines.length < 2) {
			return;
		}
		Instant expires = NOW.plusSeconds(3600);
		if (lines.length > 3) {
			try {
				expires = Instant.ofEpochSecond(Long.parseLong(lines[3].strip()));
			}
			catch (RuntimeException ex) {
				return;
			}
		}
		String signature;
		try {
			signature = URLS.sign(lines[1], expires);
		}
		catch (IllegalArgumentException ex) {
			// not a scope, or not after the epoch: nothing we would sign
			return;
		}
		String around = (lines.length > 2) ? lines[2] : "";
		String query = around.isEmpty() ? signature : around + "&" + signature;
		Result result = checkVerify(lines[0], query);
		if (result == Result.OK || result == Result.EXPIRED) {
			assertThat(lines[0].startsWith(lines[1]) || lines[0].startsWith("/segments/"))
				.as("a path our signature covers is under its scope, or a segment")
				.isTrue();
		}
	}

	private static Result checkVerify(String path, String query) {
		Result result = URLS.verify(path, query);
		assertThat(result).isNotNull();
		assertThat(URLS.verify(path, SignedUrls.signatureOf(query))).as("the other parameters change nothing")
			.isEqualTo(result);
		if (result == Result.OK) {
			assertThat(path).startsWith("/")
				.doesNotContain("%", "\\", "//", "?", "#")
				.doesNotContain("/../", "/./")
				.doesNotEndWith("/..")
				.doesNotEndWith("/.");
		}
		String kept = SignedUrls.stripSignature(query);
		assertThat(URLS.verify(path, kept)).as("what stripSignature keeps signs nothing").isEqualTo(Result.MISSING);
		assertThat(SignedUrls.signatureOf(kept)).isEmpty();
		return result;
	}

}
