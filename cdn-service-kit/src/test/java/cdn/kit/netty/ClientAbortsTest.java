package cdn.kit.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAbortsTest {

	@Test
	void aClosedOrResetConnectionIsAClientThatWentAway() {
		assertThat(ClientAborts.clientWentAway(new IOException("Connection reset by peer"))).isTrue();
		assertThat(ClientAborts.clientWentAway(new SocketException("Broken pipe (Write failed)"))).isTrue();
	}

	@Test
	void anyOtherErrorIsNot() {
		assertThat(ClientAborts.clientWentAway(new IOException())).isFalse();
		assertThat(ClientAborts.clientWentAway(new IOException("No space left on device"))).isFalse();
		assertThat(ClientAborts.clientWentAway(new UncheckedIOException(new IOException("Broken pipe")))).isFalse();
		assertThat(ClientAborts.clientWentAway(new IllegalStateException("Connection reset by peer"))).isFalse();
	}

}
