package cdn.client.webrtc;

import java.nio.ByteBuffer;
import java.util.List;

import cdn.protocol.SegmentId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The DataChannel framing, the web player's {@code wire.js} frame for frame. */
class ChannelFramesTest {

	static final SegmentId SEGMENT = SegmentId.ofBytes("a segment".getBytes());

	@Test
	void textFramesRoundTripWithTheWebPlayersFieldNames() {
		assertThat(ChannelFrames.get(7, SEGMENT))
			.isEqualTo("{\"t\":\"get\",\"id\":7,\"segment\":\"" + SEGMENT.value() + "\"}");
		assertThat(ChannelFrames.res(7, 200, 1234))
			.isEqualTo("{\"t\":\"res\",\"id\":7,\"status\":200,\"length\":1234}");
		assertThat(ChannelFrames.cancel(ChannelFrames.MAX_ID)).isEqualTo("{\"t\":\"cancel\",\"id\":4294967295}");
		assertThat(ChannelFrames.parseText(ChannelFrames.get(7, SEGMENT))).isEqualTo(new ChannelFrames.Get(7, SEGMENT));
		assertThat(ChannelFrames.parseText(ChannelFrames.res(9, 404, 0))).isEqualTo(new ChannelFrames.Res(9, 404, 0));
		assertThat(ChannelFrames.parseText(ChannelFrames.cancel(3))).isEqualTo(new ChannelFrames.Cancel(3));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "[]", "null", "7", "{}", "{\"t\":\"get\",\"id\":1}",
			"{\"t\":\"get\",\"id\":1,\"segment\":\"ABC\"}", "{\"t\":\"get\",\"id\":-1,\"segment\":\"x\"}",
			"{\"t\":\"cancel\",\"id\":4294967296}", "{\"t\":\"cancel\",\"id\":1.5}", "{\"t\":\"cancel\",\"id\":\"1\"}",
			"{\"t\":\"res\",\"id\":1,\"status\":200}", "{\"t\":\"res\",\"id\":1,\"status\":200,\"length\":-1}",
			"{\"t\":\"res\",\"id\":1,\"status\":\"200\",\"length\":1}", "{\"t\":\"put\",\"id\":1}",
			"{\"t\":7,\"id\":1}", "{\"id\":1}" })
	void anythingElseIsNoFrame(String text) {
		assertThat(ChannelFrames.parseText(text)).isNull();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 16 * 1024 - 4, 16 * 1024 - 3, 100_000 })
	void bodiesAreSplitInto16KiBFramesLedByTheRequestIdAndReassembled(int length) {
		byte[] body = new byte[length];
		for (int i = 0; i < length; i++) {
			body[i] = (byte) (i * 31);
		}
		List<byte[]> frames = ChannelFrames.chunks(0xfffffffeL, body);
		assertThat(frames).hasSize((length + ChannelFrames.CHUNK_BYTES - 5) / (ChannelFrames.CHUNK_BYTES - 4));
		assertThat(frames).allSatisfy((frame) -> assertThat(frame.length).isBetween(5, ChannelFrames.CHUNK_BYTES));
		ChannelFrames.Body collected = new ChannelFrames.Body(length);
		for (byte[] frame : frames) {
			ChannelFrames.Chunk chunk = ChannelFrames.parseChunk(ByteBuffer.wrap(frame));
			assertThat(chunk.id()).isEqualTo(0xfffffffeL);
			collected.add(chunk.payload());
		}
		assertThat(collected.isComplete()).isTrue();
		assertThat(collected.bytes()).isEqualTo(body);
	}

	@Test
	void moreBytesThanAnnouncedAndFramesShorterThanAnIdAreRefused() {
		ChannelFrames.Body body = new ChannelFrames.Body(3);
		assertThat(body.add(ByteBuffer.wrap(new byte[2]))).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> body.add(ByteBuffer.wrap(new byte[2])));
		assertThat(ChannelFrames.parseChunk(ByteBuffer.wrap(new byte[3]))).isNull();
	}

}
