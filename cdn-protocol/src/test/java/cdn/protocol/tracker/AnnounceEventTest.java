package cdn.protocol.tracker;

import cdn.protocol.InvalidIdException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AnnounceEventTest {

	@Test
	void parsesWireValues() {
		assertThat(AnnounceEvent.of("started")).isEqualTo(AnnounceEvent.STARTED);
		assertThat(AnnounceEvent.of("update")).isEqualTo(AnnounceEvent.UPDATE);
		assertThat(AnnounceEvent.of("stopped")).isEqualTo(AnnounceEvent.STOPPED);
		assertThat(ReportReason.of("hash-mismatch")).isEqualTo(ReportReason.HASH_MISMATCH);
	}

	@Test
	void rejectsUnknownValuesWithAReason() {
		assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> AnnounceEvent.of("STARTED"))
			.withMessageContaining("event");
		assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> ReportReason.of(null))
			.withMessageContaining("reason");
	}

}
