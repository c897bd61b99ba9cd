package cdn.protocol.routing;

import java.util.ArrayList;
import java.util.List;

import cdn.protocol.TrackId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RouteTest {

	@Test
	void edgesAreAnImmutableCopyAndNeverNull() {
		List<RouteEdge> edges = new ArrayList<>(List.of(new RouteEdge("http://e1:8082", "us-east", true, 0.1)));
		Route route = new Route("us-east", null, "night-drive", edges, "http://t", "ws://s");
		edges.clear();
		assertThat(route.edges()).hasSize(1);
		assertThat(route.first().url()).isEqualTo("http://e1:8082");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> route.edges().clear());
		assertThat(new Route("us-east", null, null, null, "http://t", "ws://s").first()).isNull();
	}

	@Test
	void masterPlaylistIsTheEdgeUrlPlusTheTrackPath() {
		RouteEdge edge = new RouteEdge("http://localhost:8082", "us-east", true, 0);
		assertThat(edge.masterPlaylist(TrackId.of("night-drive")))
			.isEqualTo("http://localhost:8082/tracks/night-drive/master.m3u8");
	}

}
