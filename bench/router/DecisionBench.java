import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cdn.router.edge.EdgeSnapshot;
import cdn.router.edge.EdgeView;
import cdn.router.edge.HealthState;
import cdn.router.routing.EdgeRanker;
import cdn.router.routing.LatencyMatrix;
import cdn.router.routing.RankedEdges;
import cdn.router.routing.RegionResolver;
import cdn.router.routing.ResolvedRegion;
import cdn.router.routing.SubnetTable;

/**
 * In-memory routing decisions on one thread, without HTTP: region resolution (subnet
 * table) + ranking of 12 edges in 3 regions for 10 000 track ids. Prints decisions/s and
 * the latency percentiles of single decisions. Run by run.sh with the router's classes.
 */
public class DecisionBench {

	public static void main(String[] args) throws Exception {
		Duration warmup = Duration.ofSeconds(Long.parseLong(args.length > 0 ? args[0] : "5"));
		Duration measure = Duration.ofSeconds(Long.parseLong(args.length > 1 ? args[1] : "10"));
		List<EdgeView> edges = new ArrayList<>();
		String[] regions = { "us-east", "eu-west", "ap-south" };
		for (String region : regions) {
			for (int i = 0; i < 4; i++) {
				edges.add(new EdgeView("http://10.0." + region.length() + "." + i + ":8080", region, HealthState.UP,
						0.1 * i, i == 3, Instant.EPOCH, Instant.EPOCH, "ready"));
			}
		}
		EdgeSnapshot snapshot = new EdgeSnapshot(edges);
		LatencyMatrix latency = new LatencyMatrix(Map.of("us-east",
				Map.of("eu-west", Duration.ofMillis(80), "ap-south", Duration.ofMillis(200)), "eu-west",
				Map.of("ap-south", Duration.ofMillis(120))));
		EdgeRanker ranker = new EdgeRanker(latency, 4);
		RegionResolver resolver = new RegionResolver("us-east",
				new SubnetTable(Map.of("us-east", List.of("10.1.0.0/16"), "eu-west", List.of("10.2.0.0/16"), "ap-south",
						List.of("10.3.0.0/16", "2001:db8:3::/48"))),
				false, Set.of(regions));
		String[] tracks = new String[10_000];
		for (int i = 0; i < tracks.length; i++) {
			tracks[i] = "track-" + i;
		}
		InetAddress[] clients = { InetAddress.getByName("10.1.2.3"), InetAddress.getByName("10.2.2.3"),
				InetAddress.getByName("10.3.2.3"), InetAddress.getByName("192.0.2.1") };

		run(snapshot, ranker, resolver, tracks, clients, warmup, null);
		long[] samples = new long[10_000_000];
		long count = run(snapshot, ranker, resolver, tracks, clients, measure, samples);
		int n = (int) Math.min(count, samples.length);
		Arrays.sort(samples, 0, n);
		System.out.printf("RESULT decisions=%d duration_s=%d per_s=%.0f p50_us=%.2f p99_us=%.2f p999_us=%.2f max_us=%.2f%n",
				count, measure.toSeconds(), count / (double) measure.toSeconds(), samples[n / 2] / 1e3,
				samples[(int) (n * 0.99)] / 1e3, samples[(int) (n * 0.999)] / 1e3, samples[n - 1] / 1e3);
	}

	static long run(EdgeSnapshot snapshot, EdgeRanker ranker, RegionResolver resolver, String[] tracks,
			InetAddress[] clients, Duration duration, long[] samples) {
		long end = System.nanoTime() + duration.toNanos();
		long count = 0;
		int sink = 0;
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1000; i++) {
				long start = System.nanoTime();
				ResolvedRegion region = resolver.resolve(null, null, clients[(int) (count & 3)], snapshot.regions());
				RankedEdges ranked = ranker.rank(snapshot, region.region(), tracks[(int) (count % tracks.length)]);
				sink += ranked.edges().size();
				if (samples != null && count < samples.length) {
					samples[(int) count] = System.nanoTime() - start;
				}
				count++;
			}
		}
		if (sink == 42) {
			System.out.println();
		}
		return count;
	}

}
