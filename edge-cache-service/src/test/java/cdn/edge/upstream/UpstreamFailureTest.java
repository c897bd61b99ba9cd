package cdn.edge.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamFailureTest {

	@ParameterizedTest(name = "{0} -> {1} {2}")
	@CsvSource({ "TIMEOUT, 504, timeout", "REFUSED, 502, refused", "UPSTREAM_ERROR, 502, upstream_5xx",
			"TRUNCATED, 502, truncated", "INTEGRITY, 502, integrity", "TOO_LARGE, 502, too_large",
			"NOT_FOUND, 404, not_found", "REJECTED, 400, upstream_4xx" })
	void everyKindHasAStatusAndAMetricTag(UpstreamFailure kind, int status, String tag) {
		assertThat(kind.status()).isEqualTo(status);
		assertThat(kind.tag()).isEqualTo(tag);
	}

	@Test
	void onlyUpstreamFaultsLetAStaleCopyStandIn() {
		assertThat(UpstreamFailure.NOT_FOUND.upstreamFault()).isFalse();
		assertThat(UpstreamFailure.REJECTED.upstreamFault()).isFalse();
		assertThat(UpstreamFailure.TIMEOUT.upstreamFault()).isTrue();
		assertThat(UpstreamFailure.TRUNCATED.upstreamFault()).isTrue();
	}

	@Test
	void exceptionsAreClassifiedThroughTheirCauses() {
		assertThat(UpstreamFailure.classify(new TimeoutException())).isEqualTo(UpstreamFailure.TIMEOUT);
		assertThat(UpstreamFailure.classify(ReadTimeoutException.INSTANCE)).isEqualTo(UpstreamFailure.TIMEOUT);
		assertThat(UpstreamFailure.classify(wrapped(new ConnectTimeoutException("slow"))))
			.isEqualTo(UpstreamFailure.TIMEOUT);
		assertThat(UpstreamFailure.classify(wrapped(new ConnectException("refused"))))
			.isEqualTo(UpstreamFailure.REFUSED);
		assertThat(UpstreamFailure.classify(wrapped(new UnknownHostException("nowhere"))))
			.isEqualTo(UpstreamFailure.REFUSED);
		assertThat(UpstreamFailure.classify(wrapped(new IOException("Connection reset by peer"))))
			.isEqualTo(UpstreamFailure.TRUNCATED);
		assertThat(UpstreamFailure.classify(new DataBufferLimitException("big"))).isEqualTo(UpstreamFailure.TOO_LARGE);
		assertThat(UpstreamFailure.classify(new UpstreamException(UpstreamFailure.INTEGRITY)))
			.isEqualTo(UpstreamFailure.INTEGRITY);
		assertThat(UpstreamFailure.classify(new IllegalStateException("?"))).isEqualTo(UpstreamFailure.UPSTREAM_ERROR);
	}

	@Test
	void clientsGetAShortReasonWithoutInternals() {
		UpstreamException exception = UpstreamException.of(wrapped(new ConnectException("10.0.0.7:8081 refused")));
		assertThat(exception.getMessage()).isEqualTo("upstream refused the connection");
		assertThat(exception.status()).isEqualTo(502);
	}

	private static Exception wrapped(Exception cause) {
		return new WebClientRequestException(cause, org.springframework.http.HttpMethod.GET,
				java.net.URI.create("http://origin/x"), new org.springframework.http.HttpHeaders());
	}

}
