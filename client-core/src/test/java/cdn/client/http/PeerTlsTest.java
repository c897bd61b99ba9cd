package cdn.client.http;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import cdn.protocol.peer.PeerWire;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pin is a peer's identity: its key, whatever the certificate's dates. */
class PeerTlsTest {

	@Test
	void eachServerHasAKeyOfItsOwnAndItsPinHasThePinsForm() {
		PeerTls one = PeerTls.generate();
		PeerTls two = PeerTls.generate();
		assertThat(PeerWire.isPin(one.pin())).isTrue();
		assertThat(one.pin()).isNotEqualTo(two.pin());
	}

	@Test
	void thePinnedKeyIsTrustedEvenInACertificatePastItsDatesAndNoOtherKeyIs() throws Exception {
		KeyPair pinned = keys();
		X509Certificate expired = certificate(pinned, Instant.now().minus(Duration.ofDays(60)),
				Instant.now().minus(Duration.ofDays(30)));
		X509Certificate another = certificate(keys(), Instant.now().minus(Duration.ofDays(1)),
				Instant.now().plus(Duration.ofDays(1)));
		var trust = PeerTls.pinned(PeerTls.pinOf(pinned.getPublic()));

		assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] { expired }, "ECDHE_ECDSA",
				(javax.net.ssl.SSLEngine) null))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] { another }, "ECDHE_ECDSA",
				(javax.net.ssl.SSLEngine) null))
			.isInstanceOf(CertificateException.class)
			.hasMessageContaining("not the one the tracker named");
		assertThatThrownBy(
				() -> trust.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA", (javax.net.ssl.SSLEngine) null))
			.isInstanceOf(CertificateException.class);
	}

	private static KeyPair keys() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509Certificate certificate(KeyPair keys, Instant from, Instant until) throws Exception {
		X500Name name = new X500Name("CN=test-peer");
		return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
				Date.from(from), Date.from(until), name, keys.getPublic())
			.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
	}

}
