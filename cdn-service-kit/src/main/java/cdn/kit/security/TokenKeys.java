package cdn.kit.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import cdn.protocol.PeerId;

/**
 * The ES256 (P-256) keys of listener tokens, by {@code kid}. At most {@value #MAX_LIVE}
 * are live at once: the current one signs (only the router holds its private key), the
 * current and the previous one verify, so tokens issued just before a rotation stay valid
 * until they expire.
 *
 * <p>
 * On disk, one directory: {@code <kid>.key.pem} (PKCS#8 private key, PEM, mode 0600; SEC
 * 1 {@code EC PRIVATE KEY} is read too), {@code <kid>.pub.pem} (X.509
 * SubjectPublicKeyInfo, PEM; or a certificate holding the public key, as Helm can make
 * one from a private key) and a file {@code current} holding the kid that signs. An
 * explicit {@code current} rather than "the newest file": modification times do not
 * survive copies, Kubernetes Secret mounts and checkouts, and switching the signer must
 * be a deliberate step of a rotation (see the kit's README). Verifiers read only the
 * {@code .pub.pem} files and ignore {@code current}.
 *
 * <p>
 * Immutable. {@link #toString()} shows kids only, never key material.
 */
public final class TokenKeys {

	/** How many keys may be live at once: the current one and the previous one. */
	public static final int MAX_LIVE = 2;

	static final String PRIVATE_SUFFIX = ".key.pem";

	static final String PUBLIC_SUFFIX = ".pub.pem";

	static final String CURRENT = "current";

	private static final ECParameterSpec P256 = p256();

	private static final DateTimeFormatter KID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Live public keys, the current one first. */
	private final Map<String, PublicKey> publicKeys;

	private final String signingKid;

	private final PrivateKey signingKey;

	private TokenKeys(Map<String, PublicKey> publicKeys, String signingKid, PrivateKey signingKey) {
		if (publicKeys.isEmpty() || publicKeys.size() > MAX_LIVE) {
			throw new IllegalArgumentException(
					"between 1 and " + MAX_LIVE + " keys may be live, not " + publicKeys.keySet());
		}
		publicKeys.forEach((kid, key) -> {
			requireKid(kid);
			requireP256(key, kid);
		});
		this.publicKeys = Collections.unmodifiableMap(new LinkedHashMap<>(publicKeys));
		this.signingKid = signingKid;
		this.signingKey = signingKey;
	}

	// ---- in memory

	/** A new P-256 key pair. */
	public static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("this JVM cannot make P-256 keys", ex);
		}
	}

	/** A signing set of one key. */
	public static TokenKeys of(String kid, KeyPair pair) {
		requireKid(kid);
		requirePair(kid, pair.getPrivate(), pair.getPublic());
		Map<String, PublicKey> keys = new LinkedHashMap<>();
		keys.put(kid, pair.getPublic());
		return new TokenKeys(keys, kid, pair.getPrivate());
	}

	/** A verifying set: public keys only, at most {@value #MAX_LIVE}. */
	public static TokenKeys verifying(Map<String, PublicKey> keys) {
		return new TokenKeys(new TreeMap<>(keys), null, null);
	}

	/**
	 * A rotation: {@code kid} becomes the current key, the current one the previous one,
	 * and the previous one is no longer live. Only for a set that {@link #canSign()}.
	 */
	public TokenKeys rotate(String kid, KeyPair pair) {
		String previous = signingKid();
		requireKid(kid);
		if (this.publicKeys.containsKey(kid)) {
			throw new IllegalArgumentException("kid " + kid + " is already live");
		}
		requirePair(kid, pair.getPrivate(), pair.getPublic());
		Map<String, PublicKey> keys = new LinkedHashMap<>();
		keys.put(kid, pair.getPublic());
		keys.put(previous, this.publicKeys.get(previous));
		return new TokenKeys(keys, kid, pair.getPrivate());
	}

	/** The same live keys without the private one: what a verifier holds. */
	public TokenKeys publicOnly() {
		return new TokenKeys(this.publicKeys, null, null);
	}

	// ---- what they are

	/** Whether this set holds the current private key (the router's does). */
	public boolean canSign() {
		return this.signingKey != null;
	}

	/** The kid of the key that signs; only for a set that {@link #canSign()}. */
	public String signingKid() {
		if (this.signingKid == null) {
			throw new IllegalStateException("these token keys only verify");
		}
		return this.signingKid;
	}

	/**
	 * The kids of the live keys: the current one first in a signing set, sorted
	 * otherwise.
	 */
	public Set<String> kids() {
		return this.publicKeys.keySet();
	}

	PrivateKey signingKey() {
		signingKid();
		return this.signingKey;
	}

	/** The live public key of {@code kid}, or {@code null}. */
	PublicKey publicKey(String kid) {
		return (kid != null) ? this.publicKeys.get(kid) : null;
	}

	@Override
	public String toString() {
		return "TokenKeys[" + ((this.signingKid != null) ? "signer=" + this.signingKid : "verify-only") + ", live="
				+ this.publicKeys.keySet() + "]";
	}

	// ---- on disk

	/**
	 * The signing set in {@code dir}: the private key of the kid named in {@code current}
	 * and every public key (at most {@value #MAX_LIVE}).
	 */
	public static TokenKeys loadSigning(Path dir) throws IOException {
		Path currentFile = dir.resolve(CURRENT);
		if (!Files.isRegularFile(currentFile)) {
			throw new IllegalStateException("no file '" + CURRENT + "' naming the signing kid in " + dir);
		}
		String kid = Files.readString(currentFile, StandardCharsets.US_ASCII).strip();
		requireKid(kid);
		Map<String, PublicKey> publicKeys = loadPublicKeys(dir);
		PublicKey publicKey = publicKeys.remove(kid);
		if (publicKey == null) {
			throw new IllegalStateException("the current kid " + kid + " has no " + kid + PUBLIC_SUFFIX + " in " + dir);
		}
		PrivateKey privateKey = readPrivateKey(dir.resolve(kid + PRIVATE_SUFFIX));
		requirePair(kid, privateKey, publicKey);
		Map<String, PublicKey> live = new LinkedHashMap<>();
		live.put(kid, publicKey);
		live.putAll(publicKeys);
		return new TokenKeys(live, kid, privateKey);
	}

	/** The verifying set in {@code dir}: its {@code .pub.pem} files only. */
	public static TokenKeys loadVerifying(Path dir) throws IOException {
		Map<String, PublicKey> keys = loadPublicKeys(dir);
		if (keys.isEmpty()) {
			throw new IllegalStateException("no <kid>" + PUBLIC_SUFFIX + " in " + dir);
		}
		return new TokenKeys(keys, null, null);
	}

	/**
	 * The signing set in {@code dir}, made first if {@code dir} holds no key at all: what
	 * a launcher calls on a first start.
	 */
	public static TokenKeys loadSigningOrGenerate(Path dir) throws IOException {
		if (!Files.isDirectory(dir) || loadPublicKeys(dir).isEmpty()) {
			generate(dir);
		}
		return loadSigning(dir);
	}

	/**
	 * Writes a new key pair into {@code dir} (made, owner-only, if missing) under a new
	 * kid ({@code yyyyMMdd-HHmmss-xxxx}, UTC) and returns the kid. The pair becomes
	 * current only if there is no {@code current} yet: in a rotation the verifiers must
	 * know the new public key before the router signs with it ({@link #makeCurrent}).
	 */
	public static String generate(Path dir) throws IOException {
		byte[] random = new byte[2];
		RANDOM.nextBytes(random);
		String kid = KID_TIME.format(Clock.systemUTC().instant()) + "-" + HexFormat.of().formatHex(random);
		generate(dir, kid);
		return kid;
	}

	/** {@link #generate(Path)} with a kid of the caller's choosing. */
	public static void generate(Path dir, String kid) throws IOException {
		requireKid(kid);
		createOwnerOnlyDirectories(dir);
		Set<String> live = loadPublicKeys(dir).keySet();
		if (live.size() >= MAX_LIVE) {
			throw new IllegalStateException(MAX_LIVE + " keys are live in " + dir + " " + live
					+ ": remove the previous one before adding another");
		}
		KeyPair pair = newKeyPair();
		// private key first, created 0600 (never readable by others, not even for a
		// moment)
		writeNew(dir.resolve(kid + PRIVATE_SUFFIX), Pem.encode(Pem.PRIVATE_KEY, pair.getPrivate().getEncoded()), true);
		writeNew(dir.resolve(kid + PUBLIC_SUFFIX), Pem.encode(Pem.PUBLIC_KEY, pair.getPublic().getEncoded()), false);
		if (!Files.exists(dir.resolve(CURRENT))) {
			makeCurrent(dir, kid);
		}
	}

	/** Names {@code kid} in {@code current}, atomically: the signer of the next load. */
	public static void makeCurrent(Path dir, String kid) throws IOException {
		requireKid(kid);
		if (!Files.isRegularFile(dir.resolve(kid + PRIVATE_SUFFIX))
				|| !Files.isRegularFile(dir.resolve(kid + PUBLIC_SUFFIX))) {
			throw new IllegalStateException("no key pair " + kid + " in " + dir);
		}
		Path temporary = Files.createTempFile(dir, CURRENT, ".tmp");
		Files.writeString(temporary, kid + "\n", StandardCharsets.US_ASCII);
		try {
			Files.move(temporary, dir.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, dir.resolve(CURRENT), StandardCopyOption.REPLACE_EXISTING);
		}
	}

	// ---- helpers

	private static Map<String, PublicKey> loadPublicKeys(Path dir) throws IOException {
		Map<String, PublicKey> keys = new TreeMap<>();
		if (!Files.isDirectory(dir)) {
			return keys;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + PUBLIC_SUFFIX)) {
			for (Path file : files) {
				if (Files.isRegularFile(file)) {
					String name = file.getFileName().toString();
					String kid = name.substring(0, name.length() - PUBLIC_SUFFIX.length());
					requireKid(kid);
					keys.put(kid, readPublicKey(file));
				}
			}
		}
		if (keys.size() > MAX_LIVE) {
			throw new IllegalStateException("at most " + MAX_LIVE + " keys may be live, " + dir + " has "
					+ keys.keySet() + ": remove the oldest");
		}
		return keys;
	}

	/**
	 * A {@code PUBLIC KEY} block, or a {@code CERTIFICATE} whose public key is taken (its
	 * names, dates and signature mean nothing here: it only carries the key, as Helm's
	 * {@code genSelfSignedCertWithKey} makes it from a private key).
	 */
	private static PublicKey readPublicKey(Path file) throws IOException {
		String pem = Files.readString(file, StandardCharsets.US_ASCII);
		boolean certificate = Pem.has(pem, Pem.CERTIFICATE) && !Pem.has(pem, Pem.PUBLIC_KEY);
		byte[] der = pemIn(file, pem, certificate ? Pem.CERTIFICATE : Pem.PUBLIC_KEY);
		try {
			if (certificate) {
				return CertificateFactory.getInstance("X.509")
					.generateCertificate(new ByteArrayInputStream(der))
					.getPublicKey();
			}
			return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(file + " is not an EC public key (X.509 PEM or certificate)", ex);
		}
	}

	private static PrivateKey readPrivateKey(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("no private key " + file);
		}
		String pem = Files.readString(file, StandardCharsets.US_ASCII);
		byte[] der = Pem.has(pem, Pem.EC_PRIVATE_KEY) ? pkcs8OfSec1(pemIn(file, pem, Pem.EC_PRIVATE_KEY))
				: pemIn(file, pem, Pem.PRIVATE_KEY);
		try {
			return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			// no cause: a parser's message could quote the key
			throw new IllegalStateException(file + " is not an EC private key (PKCS#8 or SEC 1 PEM)");
		}
	}

	/**
	 * A SEC 1 {@code ECPrivateKey} (RFC 5915) as the PKCS#8 {@code PrivateKeyInfo} of a
	 * P-256 key: {@code SEQUENCE {0, SEQUENCE {id-ecPublicKey, prime256v1}, OCTET STRING
	 * sec1}}. A key of another curve does not pass {@link #requirePair} afterwards.
	 */
	static byte[] pkcs8OfSec1(byte[] sec1) {
		byte[] version = { 0x02, 0x01, 0x00 };
		byte[] algorithm = HexFormat.of().parseHex("301306072a8648ce3d020106082a8648ce3d030107");
		byte[] key = der(0x04, sec1);
		byte[] body = new byte[version.length + algorithm.length + key.length];
		System.arraycopy(version, 0, body, 0, version.length);
		System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
		System.arraycopy(key, 0, body, version.length + algorithm.length, key.length);
		return der(0x30, body);
	}

	/** One DER value: tag, definite length, content. */
	private static byte[] der(int tag, byte[] content) {
		int length = content.length;
		byte[] header;
		if (length < 0x80) {
			header = new byte[] { (byte) tag, (byte) length };
		}
		else if (length <= 0xff) {
			header = new byte[] { (byte) tag, (byte) 0x81, (byte) length };
		}
		else if (length <= 0xffff) {
			header = new byte[] { (byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length };
		}
		else {
			throw new IllegalArgumentException("a key of " + length + " bytes is not an EC P-256 key");
		}
		byte[] value = new byte[header.length + length];
		System.arraycopy(header, 0, value, 0, header.length);
		System.arraycopy(content, 0, value, header.length, length);
		return value;
	}

	/**
	 * The DER in a PEM file's text; a failure names the file and what was expected, not
	 * the content.
	 */
	private static byte[] pemIn(Path file, String pem, String label) {
		try {
			return Pem.decode(pem, label);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(file + ": " + ex.getMessage());
		}
	}

	private static void writeNew(Path file, String content, boolean secret) throws IOException {
		if (secret && isPosix(file.getParent())) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		else {
			Files.createFile(file);
		}
		Files.writeString(file, content, StandardCharsets.US_ASCII);
	}

	private static void createOwnerOnlyDirectories(Path dir) throws IOException {
		if (Files.isDirectory(dir)) {
			return;
		}
		Path existing = dir.toAbsolutePath().getParent();
		while (existing != null && !Files.isDirectory(existing)) {
			existing = existing.getParent();
		}
		if (existing != null && isPosix(existing)) {
			Files.createDirectories(dir,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectories(dir);
		}
	}

	private static boolean isPosix(Path dir) {
		return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	private static void requireKid(String kid) {
		// the peer-id alphabet: safe in a file name, a header and a log line
		if (!PeerId.isValid(kid)) {
			throw new IllegalArgumentException("a kid must match [A-Za-z0-9_-]{1,64}");
		}
	}

	private static void requireP256(PublicKey key, String kid) {
		if (!(key instanceof ECKey ec) || !isP256(ec.getParams())) {
			throw new IllegalArgumentException("key " + kid + " is not a P-256 (ES256) key");
		}
	}

	/**
	 * Signs and verifies a probe: a private key with another kid's public key fails here.
	 */
	private static void requirePair(String kid, PrivateKey privateKey, PublicKey publicKey) {
		requireP256(publicKey, kid);
		if (!(privateKey instanceof ECKey ec) || !isP256(ec.getParams())) {
			throw new IllegalArgumentException("key " + kid + " is not a P-256 (ES256) key");
		}
		try {
			byte[] probe = kid.getBytes(StandardCharsets.US_ASCII);
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(privateKey);
			signer.update(probe);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance("SHA256withECDSA");
			verifier.initVerify(publicKey);
			verifier.update(probe);
			if (verifier.verify(signature)) {
				return;
			}
		}
		catch (GeneralSecurityException ex) {
			// falls through to the refusal below
		}
		throw new IllegalArgumentException("the private and public key of " + kid + " do not belong together");
	}

	private static boolean isP256(ECParameterSpec params) {
		return params != null && params.getCurve().equals(P256.getCurve()) && params.getOrder().equals(P256.getOrder())
				&& params.getGenerator().equals(P256.getGenerator()) && params.getCofactor() == P256.getCofactor();
	}

	private static ECParameterSpec p256() {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec("secp256r1"));
			return parameters.getParameterSpec(ECParameterSpec.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("this JVM has no P-256", ex);
		}
	}

}
