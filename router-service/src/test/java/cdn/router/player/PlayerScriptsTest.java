package cdn.router.player;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web player's own JavaScript tests ({@code src/test/js/*.test.mjs}, Node's built-in
 * runner) as part of the Maven build: {@code node --test src/test/js/}.
 */
class PlayerScriptsTest {

	@Test
	void theScriptsTestsPass() throws Exception {
		Path log = Files.createTempFile("player-scripts", ".log");
		Process node;
		try {
			node = new ProcessBuilder(List.of("node", "--test", "src/test/js/")).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"node is missing: apt-get install nodejs (Node 18 or later) to run the web player's script tests",
					ex);
		}
		boolean finished = node.waitFor(2, TimeUnit.MINUTES);
		if (!finished) {
			node.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(finished).as("node --test finished in 2 minutes:%n%s", output).isTrue();
		assertThat(node.exitValue()).as("node --test src/test/js/ failed:%n%s", output).isZero();
		assertThat(output).as("the scripts' tests ran").containsPattern("# pass [1-9]");
	}

}
