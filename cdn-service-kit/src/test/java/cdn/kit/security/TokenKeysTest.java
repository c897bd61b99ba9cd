package cdn.kit.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cdn.kit.security.TokenRejectedException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TokenKeysTest {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final ListenerClaims CLAIMS = ListenerClaims.forAllServices("peer-1", "eu-west", "acme");

	@TempDir
	Path dir;

	// ---- rotation

	@Test
	void aTokenOfThePreviousKeyVerifiesUntilTheKeyAfterNextTakesOver() {
		TokenKeys first = TokenKeys.of("k1", TokenKeys.newKeyPair());
		String oldToken = issue(first);

		TokenKeys second = first.rotate("k2", TokenKeys.newKeyPair());
		assertThat(second.signingKid()).isEqualTo("k2");
		assertThat(second.kids()).containsExactly("k2", "k1");
		String newToken = issue(second);
		assertThat(verify(second.publicOnly(), oldToken)).isEqualTo(CLAIMS);
		assertThat(verify(second.publicOnly(), newToken)).isEqualTo(CLAIMS);

		TokenKeys third = second.rotate("k3", TokenKeys.newKeyPair());
		assertThat(third.kids()).containsExactly("k3", "k2");
		assertThat(
				catchThrowableOfType(TokenRejectedException.class, () -> verify(third.publicOnly(), oldToken)).reason())
			.isEqualTo(Reason.UNKNOWN_KEY);
		assertThat(verify(third.publicOnly(), newToken)).isEqualTo(CLAIMS);
	}

	@Test
	void aRotationNeedsANewKidAndThePrivateKey() {
		TokenKeys keys = TokenKeys.of("k1", TokenKeys.newKeyPair());
		assertThatIllegalArgumentException().isThrownBy(() -> keys.rotate("k1", TokenKeys.newKeyPair()));
		assertThatIllegalStateException().isThrownBy(() -> keys.publicOnly().rotate("k2", TokenKeys.newKeyPair()));
		assertThatIllegalStateException().isThrownBy(() -> keys.publicOnly().signingKid());
	}

	@Test
	void onlyP256KeysThatBelongTogetherAreTaken() {
		KeyPair one = TokenKeys.newKeyPair();
		KeyPair other = TokenKeys.newKeyPair();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TokenKeys.of("k1", new KeyPair(one.getPublic(), other.getPrivate())))
			.withMessageContaining("do not belong together");
		assertThatIllegalArgumentException().isThrownBy(() -> TokenKeys.of("k1", JwtForge.p384KeyPair()));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenKeys.of("k1", JwtForge.rsaKeyPair()));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenKeys.of("k/1", one));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenKeys
			.verifying(Map.of("a", one.getPublic(), "b", other.getPublic(), "c", TokenKeys.newKeyPair().getPublic())));
	}

	@Test
	void toStringShowsKidsAndNoKeyMaterial() {
		KeyPair pair = TokenKeys.newKeyPair();
		TokenKeys keys = TokenKeys.of("k1", pair).rotate("k2", TokenKeys.newKeyPair());
		String[] texts = { keys.toString(), keys.publicOnly().toString(),
				new ListenerTokenIssuer(keys, CLOCK).toString(),
				new ListenerTokenVerifier(keys, "edge", CLOCK).toString() };
		for (String text : texts) {
			assertThat(text).contains("k1", "k2")
				.doesNotContain(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()).substring(0, 40))
				.doesNotContain(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()).substring(30, 70))
				.doesNotContain("BEGIN")
				.doesNotContainIgnoringCase("private key");
		}
		assertThat(keys).hasToString("TokenKeys[signer=k2, live=[k2, k1]]");
		assertThat(keys.publicOnly()).hasToString("TokenKeys[verify-only, live=[k2, k1]]");
	}

	// ---- files

	@Test
	void aFirstStartMakesAKeyPairWithAPrivateFileOnlyItsOwnerReads() throws IOException {
		Path keysDir = this.dir.resolve("keys/token");
		TokenKeys keys = TokenKeys.loadSigningOrGenerate(keysDir);
		String kid = keys.signingKid();
		assertThat(kid).matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
		assertThat(keys.kids()).containsExactly(kid);
		assertThat(Files.readString(keysDir.resolve("current")).strip()).isEqualTo(kid);
		assertThat(Files.readString(keysDir.resolve(kid + ".key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
		assertThat(Files.readString(keysDir.resolve(kid + ".pub.pem"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
		if (isPosix()) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir.resolve(kid + ".key.pem"))))
				.isEqualTo("rw-------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir))).isEqualTo("rwx------");
		}
		// the next start loads what the first one made
		assertThat(TokenKeys.loadSigningOrGenerate(keysDir).signingKid()).isEqualTo(kid);
	}

	@Test
	void keysFromFilesSignTokensThatPublicKeysFromFilesVerify() throws IOException {
		TokenKeys.generate(this.dir, "k1");
		Path verifierDir = Files.createDirectory(this.dir.resolve("public"));
		Files.copy(this.dir.resolve("k1.pub.pem"), verifierDir.resolve("k1.pub.pem"));
		TokenKeys signing = TokenKeys.loadSigning(this.dir);
		TokenKeys verifying = TokenKeys.loadVerifying(verifierDir);
		assertThat(verifying.canSign()).isFalse();
		assertThat(verify(verifying, issue(signing))).isEqualTo(CLAIMS);
	}

	@Test
	void aVerifierReadsOnlyThePublicKeys() throws IOException {
		TokenKeys.generate(this.dir, "k1");
		// a private key a verifier could not even parse does not stop it
		Files.writeString(this.dir.resolve("k1.key.pem"), "not a key");
		TokenKeys verifying = TokenKeys.loadVerifying(this.dir);
		assertThat(verifying.kids()).containsExactly("k1");
		assertThat(verifying.canSign()).isFalse();
	}

	@Test
	void aRotationOnDiskAddsTheNewKeyThenSwitchesTheSignerThenDropsTheOldKey() throws IOException {
		TokenKeys.generate(this.dir, "k1");
		String oldToken = issue(TokenKeys.loadSigning(this.dir));

		// 1. the new key: verifiers learn it, the router still signs with k1
		TokenKeys.generate(this.dir, "k2");
		assertThat(TokenKeys.loadSigning(this.dir).signingKid()).isEqualTo("k1");
		assertThat(TokenKeys.loadVerifying(this.dir).kids()).containsExactlyInAnyOrder("k1", "k2");
		// no third key while two are live
		assertThatIllegalStateException().isThrownBy(() -> TokenKeys.generate(this.dir, "k3"))
			.withMessageContaining("remove the previous one");

		// 2. the router signs with k2; k1's tokens still verify
		TokenKeys.makeCurrent(this.dir, "k2");
		TokenKeys signing = TokenKeys.loadSigning(this.dir);
		assertThat(signing.signingKid()).isEqualTo("k2");
		assertThat(verify(TokenKeys.loadVerifying(this.dir), oldToken)).isEqualTo(CLAIMS);

		// 3. after the longest lifetime, k1 goes
		Files.delete(this.dir.resolve("k1.key.pem"));
		Files.delete(this.dir.resolve("k1.pub.pem"));
		assertThat(catchThrowableOfType(TokenRejectedException.class,
				() -> verify(TokenKeys.loadVerifying(this.dir), oldToken))
			.reason()).isEqualTo(Reason.UNKNOWN_KEY);
		assertThat(verify(TokenKeys.loadVerifying(this.dir), issue(TokenKeys.loadSigning(this.dir)))).isEqualTo(CLAIMS);
	}

	@Test
	void aDirectoryWithMoreThanTwoLiveKeysIsRefused() throws IOException {
		TokenKeys.generate(this.dir, "k1");
		TokenKeys.generate(this.dir, "k2");
		Files.copy(this.dir.resolve("k1.pub.pem"), this.dir.resolve("k0.pub.pem"));
		assertThatIllegalStateException().isThrownBy(() -> TokenKeys.loadVerifying(this.dir))
			.withMessageContaining("at most 2 keys");
		assertThatIllegalStateException().isThrownBy(() -> TokenKeys.loadSigning(this.dir));
	}

	@Test
	void aSigningLoadNeedsACurrentKidWithBothFilesThatBelongTogether() throws IOException {
		assertThatIllegalStateException().isThrownBy(() -> TokenKeys.loadSigning(this.dir))
			.withMessageContaining("current");
		assertThatIllegalStateException().isThrownBy(() -> TokenKeys.loadVerifying(this.dir))
			.withMessageContaining("no <kid>.pub.pem");
		TokenKeys.generate(this.dir, "k1");
		TokenKeys.generate(this.dir, "k2");
		assertThatIllegalStateException().isThrownBy(() -> TokenKeys.makeCurrent(this.dir, "k3"));
		Files.copy(this.dir.resolve("k2.pub.pem"), this.dir.resolve("k1.pub.pem"), StandardCopyOption.REPLACE_EXISTING);
		assertThatIllegalArgumentException().isThrownBy(() -> TokenKeys.loadSigning(this.dir))
			.withMessageContaining("do not belong together");
	}

	@Test
	void aKeyFileInAnotherFormatIsRefusedWithoutQuotingIt() throws IOException {
		TokenKeys.generate(this.dir, "k1");
		String sec1 = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIDsecretsecretsecretsecretsecret\n-----END EC PRIVATE KEY-----\n";
		Files.writeString(this.dir.resolve("k1.key.pem"), sec1);
		IllegalStateException refusal = catchThrowableOfType(IllegalStateException.class,
				() -> TokenKeys.loadSigning(this.dir));
		assertThat(refusal).hasMessageContaining("k1.key.pem").hasMessageContaining("PKCS#8");
		assertThat(refusal.getMessage()).doesNotContain("secret");
		assertThat(refusal.getCause()).isNull();

		Files.writeString(this.dir.resolve("k1.pub.pem"),
				"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
		assertThatIllegalStateException().isThrownBy(() -> TokenKeys.loadVerifying(this.dir))
			.withMessageContaining("k1.pub.pem is not an EC public key");
	}

	@Test
	void generatedFilesAreOrdinaryPem() throws IOException {
		TokenKeys.generate(this.dir, "k1");
		for (String file : Set.of("k1.key.pem", "k1.pub.pem")) {
			String pem = Files.readString(this.dir.resolve(file), StandardCharsets.US_ASCII);
			assertThat(pem.lines().filter((line) -> !line.startsWith("-----")))
				.allSatisfy((line) -> assertThat(line).hasSizeLessThanOrEqualTo(64).matches("[A-Za-z0-9+/=]+"));
			assertThat(pem).endsWith("-----\n");
		}
	}

	// ---- what OpenSSL and Helm make (test keys, made for this test only)

	/**
	 * {@code openssl ecparam -name prime256v1 -genkey -noout}: Helm's
	 * {@code genPrivateKey "ecdsa"} format.
	 */
	private static final String SEC1_KEY = """
			-----BEGIN EC PRIVATE KEY-----
			MHcCAQEEIAoYS+IilC3+PNMdPA+GG7e08X1c5tcLOiVMO8+1pyY9oAoGCCqGSM49
			AwEHoUQDQgAExLSkFVy75IvuOV2smA+FKsEc05z1tVjwhUWmMUxdiZKufDSyDufb
			sf+VpEB/Wgao/AGo4sagljccSFGmSQsdVQ==
			-----END EC PRIVATE KEY-----
			""";

	/**
	 * {@code openssl req -x509 -key} of that key: Helm's {@code genSelfSignedCertWithKey}
	 * format.
	 */
	private static final String CERTIFICATE = """
			-----BEGIN CERTIFICATE-----
			MIIBbjCCARWgAwIBAgIUbRAb+PMyLsHuXtRc0fjNYHZRzXowCgYIKoZIzj0EAwIw
			DTELMAkGA1UEAwwCazEwHhcNMjYxMjA3MTgzMzM0WhcNMzYxMjA0MTgzMzM0WjAN
			MQswCQYDVQQDDAJrMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMS0pBVcu+SL
			7jldrJgPhSrBHNOc9bVY8IVFpjFMXYmSrnw0sg7n27H/laRAf1oGqPwBqOLGoJY3
			HEhRpkkLHVWjUzBRMB0GA1UdDgQWBBThiL1BlOh3nQ2K8VGJkLPw4kFH5jAfBgNV
			HSMEGDAWgBThiL1BlOh3nQ2K8VGJkLPw4kFH5jAPBgNVHRMBAf8EBTADAQH/MAoG
			CCqGSM49BAMCA0cAMEQCIDS1CFx1P5UHS0hAmT78UoRG95cyYTJw6y7e4rbu2+bD
			AiAfgMxTAnblhAahX+x9CvH7cvYoOmFX5mWoyR02oulNOw==
			-----END CERTIFICATE-----
			""";

	/** {@code openssl ecparam -name secp384r1 -genkey -noout}. */
	private static final String SEC1_P384_KEY = """
			-----BEGIN EC PRIVATE KEY-----
			MIGkAgEBBDCqIoIwQx+cC7qBU+YaV00uwfyiFswwcnu7bLofaLHYHKYhQP5La1Gk
			lT7zRrV9J/SgBwYFK4EEACKhZANiAAQPoSkXLA3/3FVjr4bpHjoBwTo4FUXZvrgt
			GKZlfhHFauBNOAhA0K7hzernSals09K59NXWR38BH9b0tymI+LRV5eEmk9WgEDT0
			g6TNjqgo3V3pbj390gRI87ZA9CbVjSo=
			-----END EC PRIVATE KEY-----
			""";

	@Test
	void aSec1PrivateKeyAndACertificateOfItsPublicKeySignAndVerify() throws IOException {
		Files.writeString(this.dir.resolve("helm-1.key.pem"), SEC1_KEY);
		Files.writeString(this.dir.resolve("helm-1.pub.pem"), CERTIFICATE);
		Files.writeString(this.dir.resolve("current"), "helm-1\n");
		TokenKeys signing = TokenKeys.loadSigning(this.dir);
		assertThat(signing.signingKid()).isEqualTo("helm-1");
		Path verifierDir = Files.createDirectory(this.dir.resolve("public"));
		Files.copy(this.dir.resolve("helm-1.pub.pem"), verifierDir.resolve("helm-1.pub.pem"));
		assertThat(verify(TokenKeys.loadVerifying(verifierDir), issue(signing))).isEqualTo(CLAIMS);
	}

	@Test
	void aCertificateOfAnotherKeyOrASec1KeyOfAnotherCurveIsRefused() throws IOException {
		TokenKeys.generate(this.dir, "k1");
		Files.writeString(this.dir.resolve("k1.pub.pem"), CERTIFICATE);
		assertThatIllegalArgumentException().isThrownBy(() -> TokenKeys.loadSigning(this.dir))
			.withMessageContaining("do not belong together");
		Files.writeString(this.dir.resolve("k1.key.pem"), SEC1_P384_KEY);
		// refused (not a P-256 key, or not this public key's), without quoting the file
		RuntimeException refusal = catchThrowableOfType(RuntimeException.class, () -> TokenKeys.loadSigning(this.dir));
		assertThat(refusal).hasMessageContaining("k1");
		assertThat(refusal.getMessage()).doesNotContain(SEC1_P384_KEY.lines().skip(1).findFirst().orElseThrow());
	}

	// ---- helpers

	private static String issue(TokenKeys keys) {
		return new ListenerTokenIssuer(keys, CLOCK).issue(CLAIMS);
	}

	private static ListenerClaims verify(TokenKeys keys, String token) {
		return new ListenerTokenVerifier(keys, "tracker", CLOCK).verify(token);
	}

	private boolean isPosix() {
		return this.dir.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
