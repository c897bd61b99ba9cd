package cdn.kit.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UrlSigningKeysTest {

	private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]).replace("A", "Q");

	@Test
	void theFirstSecretSignsAndEveryOneVerifies() {
		UrlSigningKeys keys = UrlSigningKeys.parse("u2=" + SECRET + ", u1=" + SECRET);
		assertThat(keys.signingKid()).isEqualTo("u2");
		assertThat(keys.kids()).containsExactly("u2", "u1");
	}

	@Test
	void aFileMayHaveOneSecretALineAndComments(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("url-secrets");
		Files.writeString(file, "# rotated 2026-03-01\nu2=" + SECRET + "\n\n  # the previous one\nu1=" + SECRET + "\n");
		assertThat(UrlSigningKeys.fromFile(file).kids()).containsExactly("u2", "u1");
	}

	@Test
	void standardAndUrlSafeBase64NameTheSameSecret() {
		byte[] bytes = new byte[32];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) (0xfb + i);
		}
		UrlSigningKeys standard = UrlSigningKeys.parse("u1=" + Base64.getEncoder().encodeToString(bytes));
		UrlSigningKeys urlSafe = UrlSigningKeys
			.parse("u1=" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
		assertThat(standard.secret("u1")).isEqualTo(bytes).isEqualTo(urlSafe.secret("u1"));
	}

	@Test
	void aNewEntryIsAFreshSecretOfThirtyTwoBytes() {
		String entry = UrlSigningKeys.newEntry("u1");
		assertThat(entry).matches("u1=[A-Za-z0-9_-]{43}");
		assertThat(UrlSigningKeys.parse(entry).secret("u1")).hasSize(32);
		assertThat(UrlSigningKeys.newEntry("u1")).isNotEqualTo(entry);
	}

	@Test
	void badSecretsAreRefusedWithoutQuotingThem() {
		String shortSecret = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
		String[] bad = { null, "", "  ", "# only a comment", SECRET, "=" + SECRET, "u/1=" + SECRET, "u1=" + shortSecret,
				"u1=not*base64*at*all*not*base64*at*all*not*base64*", "u1=" + SECRET + ",u1=" + SECRET,
				"u1=" + SECRET + ",u2=" + SECRET + ",u3=" + SECRET };
		for (String text : bad) {
			assertThatIllegalArgumentException().isThrownBy(() -> UrlSigningKeys.parse(text))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(SECRET).doesNotContain(shortSecret));
		}
	}

	@Test
	void anUnsetVariableIsAnError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> UrlSigningKeys.fromEnvironment("CDN_TEST_SURELY_UNSET_" + System.nanoTime()))
			.withMessageContaining("is not set");
	}

	@Test
	void toStringShowsKidsOnly() {
		UrlSigningKeys keys = UrlSigningKeys.parse("u2=" + SECRET + "\nu1=" + SECRET);
		assertThat(keys).hasToString("UrlSigningKeys[signer=u2, live=[u2, u1]]");
	}

	@Test
	void aLauncherMakesTheFileOnceOwnerOnlyAndKeepsIt(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("keys/url-signing.keys");
		UrlSigningKeys made = UrlSigningKeys.fromFileOrGenerate(file);
		String content = Files.readString(file);
		assertThat(made.signingKid()).isEqualTo("u1");
		assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		UrlSigningKeys.fromFileOrGenerate(file);
		assertThat(Files.readString(file)).isEqualTo(content);
	}

}
