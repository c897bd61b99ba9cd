package cdn.edge.status;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much this edge is meant to carry, for the load it reports to the router.
 *
 * @param maxInflight requests in progress at which the edge counts as fully loaded (load
 * 1)
 */
@ConfigurationProperties("edge.capacity")
public record EdgeCapacityProperties(@DefaultValue("1024") int maxInflight) {

	public EdgeCapacityProperties {
		if (maxInflight < 1) {
			throw new IllegalArgumentException("edge.capacity.max-inflight must be at least 1");
		}
	}

}
