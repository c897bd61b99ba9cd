package cdn.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens built by hand, byte by byte: the ones jjwt refuses to build ({@code alg: none},
 * HMAC with a public key, duplicate members, a header carrying its own key).
 */
final class JwtForge {

	private JwtForge() {
	}

	/** {@code base64url(header).base64url(payload).base64url(sign(signing input))}. */
	static String token(String header, String payload, Function<byte[], byte[]> signer) {
		String input = b64(header) + "." + b64(payload);
		return input + "." + b64(signer.apply(input.getBytes(StandardCharsets.US_ASCII)));
	}

	static String b64(String text) {
		return b64(text.getBytes(StandardCharsets.UTF_8));
	}

	static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String unb64(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
	}

	/** A JSON object of name/value pairs, in order. */
	static String json(Object... namesAndValues) {
		Map<String, Object> object = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			object.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return JwtJson.MAPPER.writeValueAsString(object);
	}

	/** ES256 as JWS wants it: R and S, 32 bytes each (not DER). */
	static Function<byte[], byte[]> es256(PrivateKey key) {
		return (input) -> sign("SHA256withECDSAinP1363Format", key, input);
	}

	static Function<byte[], byte[]> es256Der(PrivateKey key) {
		return (input) -> sign("SHA256withECDSA", key, input);
	}

	static Function<byte[], byte[]> es384(PrivateKey key) {
		return (input) -> sign("SHA384withECDSAinP1363Format", key, input);
	}

	static Function<byte[], byte[]> rs256(PrivateKey key) {
		return (input) -> sign("SHA256withRSA", key, input);
	}

	static Function<byte[], byte[]> hs256(byte[] secret) {
		return (input) -> {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(secret, "HmacSHA256"));
				return mac.doFinal(input);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	static Function<byte[], byte[]> fixed(byte[] signature) {
		return (input) -> signature;
	}

	static KeyPair rsaKeyPair() {
		return keyPair("RSA", null);
	}

	static KeyPair p384KeyPair() {
		return keyPair("EC", new ECGenParameterSpec("secp384r1"));
	}

	private static KeyPair keyPair(String algorithm, ECGenParameterSpec spec) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			if (spec != null) {
				generator.initialize(spec);
			}
			else {
				generator.initialize(2048);
			}
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] sign(String algorithm, PrivateKey key, byte[] input) {
		try {
			Signature signature = Signature.getInstance(algorithm);
			signature.initSign(key);
			signature.update(input);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
