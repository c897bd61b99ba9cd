package cdn.client.http;

import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

import cdn.protocol.peer.PeerWire;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS between Java peers with keys pinned through the tracker: a peer server makes a key
 * of its own when it starts (EC P-256, never written anywhere) and a self-signed
 * certificate to carry it; its listeners announce the key's pin with their {@code https}
 * endpoint, the tracker hands the pin out with the endpoint, and an asker's handshake
 * accepts exactly the pinned key (no CA, no host name: the tracker that names the peer
 * vouches for its key, as signaling vouches for a WebRTC peer's DTLS fingerprint). So no
 * one on the path reads what a listener plays or the bytes it is sent, and no other
 * process at a peer's address can answer for a peer the tracker named. (A peer named by
 * another peer in an exchange comes with the pin that peer gave: its bytes are still
 * checked against their ids, as every peer's are.)
 */
public final class PeerTls {

	/**
	 * Dates an asker never checks (the pin is the identity), set wide so that no TLS
	 * stack that does finds a long-running server's certificate expired.
	 */
	private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

	private final SslContext serverContext;

	private final String pin;

	private PeerTls(SslContext serverContext, String pin) {
		this.serverContext = serverContext;
		this.pin = pin;
	}

	/** A fresh key and its certificate. */
	public static PeerTls generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair keys = generator.generateKeyPair();
			X500Name name = new X500Name("CN=cdn-peer");
			Instant now = Instant.now();
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
						Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(CERTIFICATE_VALIDITY)), name,
						keys.getPublic())
					.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
			SslContext server = SslContextBuilder.forServer(keys.getPrivate(), certificate).build();
			return new PeerTls(server, pinOf(keys.getPublic()));
		}
		catch (GeneralSecurityException | OperatorCreationException | SSLException ex) {
			throw new IllegalStateException("cannot make the peer server's key: " + ex.getMessage(), ex);
		}
	}

	/** The pin of this server's key, as its listeners announce it. */
	public String pin() {
		return this.pin;
	}

	SslContext serverContext() {
		return this.serverContext;
	}

	/**
	 * {@code sha256/} and the Base64 SHA-256 of {@code key}'s DER SubjectPublicKeyInfo
	 * ({@link PeerWire#isPin}).
	 */
	public static String pinOf(PublicKey key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
			return "sha256/" + Base64.getEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A client context that completes a handshake only with the key {@code pin} names.
	 */
	static SslContext pinnedClientContext(String pin) {
		try {
			return SslContextBuilder.forClient().trustManager(new PinnedKey(pin)).build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Trusts the key {@code pin} names, and nothing else. */
	static X509ExtendedTrustManager pinned(String pin) {
		return new PinnedKey(pin);
	}

	/**
	 * Trusts a chain whose first certificate carries the pinned key, and nothing else. An
	 * extended trust manager, so the JDK adds no host name check of its own (a peer's
	 * certificate names no host: the pin is the identity).
	 */
	private static final class PinnedKey extends X509ExtendedTrustManager {

		private final String pin;

		PinnedKey(String pin) {
			this.pin = pin;
		}

		private void check(X509Certificate[] chain) throws CertificateException {
			if (chain == null || chain.length == 0) {
				throw new CertificateException("the peer presented no certificate");
			}
			String presented = pinOf(chain[0].getPublicKey());
			if (!MessageDigest.isEqual(presented.getBytes(), this.pin.getBytes())) {
				throw new CertificateException("the peer's key is not the one the tracker named");
			}
			// no date check: the key is trusted for being pinned, not for a date (an
			// asker's clock may be off, a server may run for months)
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			check(chain);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			check(chain);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			check(chain);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("a peer trusts no client certificate");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			throw new CertificateException("a peer trusts no client certificate");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			throw new CertificateException("a peer trusts no client certificate");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
