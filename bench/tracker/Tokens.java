import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.security.TokenKeys;

/**
 * The listener tokens of the benchmark's peers, as a router would issue them: makes a key
 * pair in KEYS_DIR (the tracker verifies with its public key) and writes one token per
 * line, for peers 0 .. PEERS-1 (ids.lua's names and regions), valid for an hour.
 * Usage: java -cp ... bench/tracker/Tokens.java KEYS_DIR PEERS OUT_FILE
 */
public class Tokens {

	private static final String[] REGIONS = { "us-east", "eu-west", "ap-south" };

	public static void main(String[] args) throws Exception {
		Path keys = Path.of(args[0]);
		int peers = Integer.parseInt(args[1]);
		ListenerTokenIssuer issuer = new ListenerTokenIssuer(TokenKeys.loadSigningOrGenerate(keys),
				Duration.ofHours(1), Clock.systemUTC());
		try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[2]))) {
			for (int n = 0; n < peers; n++) {
				String peer = String.format("bench-peer-%011d", n);
				out.write(issuer.issue(ListenerClaims.forAllServices(peer, REGIONS[n % 3], "bench")));
				out.newLine();
			}
		}
	}

}
