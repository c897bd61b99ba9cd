package cdn.edge.cache;

import java.time.Duration;
import java.util.List;

import cdn.edge.config.EdgeProperties;
import cdn.edge.content.ContentPath;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessTest {

	static final EdgeProperties.Cache SETTINGS = new EdgeProperties.Cache(DataSize.ofMegabytes(1),
			Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(1),
			DataSize.ofMegabytes(1), List.of(), new EdgeProperties.Disk(false, null, DataSize.ofGigabytes(1)),
			Duration.ofSeconds(5));

	static final ContentPath PLAYLIST = ContentPath.master(TrackId.of("t"));

	@Test
	void segmentsNeverGoStaleWhateverTheUpstreamSays() {
		ContentPath segment = ContentPath
			.segment(SegmentName.parse("0000000000000000000000000000000000000000000000000000000000000000.m4s"));
		Freshness freshness = Freshness.of(segment, "max-age=5", SETTINGS);
		assertThat(freshness.immutable()).isTrue();
		assertThat(freshness.retention()).isNull();
	}

	@Test
	void sharedMaxAgeWinsOverMaxAge() {
		assertThat(Freshness.of(PLAYLIST, "public, max-age=10, s-maxage=4", SETTINGS).maxAge())
			.isEqualTo(Duration.ofSeconds(4));
		assertThat(Freshness.of(PLAYLIST, "max-age=10, public", SETTINGS).maxAge()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void withoutMaxAgeTheDefaultApplies() {
		assertThat(Freshness.of(PLAYLIST, null, SETTINGS).maxAge()).isEqualTo(Duration.ofSeconds(2));
		assertThat(Freshness.of(PLAYLIST, "public, max-age=oops", SETTINGS).maxAge()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void staleWindowsComeFromSettingsAndTheUpstreamMayOnlyExtendStaleIfError() {
		Freshness defaults = Freshness.of(PLAYLIST, "max-age=10", SETTINGS);
		assertThat(defaults.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(10));
		assertThat(defaults.staleIfError()).isEqualTo(Duration.ofSeconds(60));
		assertThat(defaults.retention()).isEqualTo(Duration.ofSeconds(70));
		Freshness upstream = Freshness.of(PLAYLIST, "max-age=10, stale-while-revalidate=3, stale-if-error=5", SETTINGS);
		assertThat(upstream.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(3));
		assertThat(upstream.staleIfError()).isEqualTo(Duration.ofSeconds(60));
		assertThat(Freshness.of(PLAYLIST, "max-age=10, stale-if-error=600", SETTINGS).staleIfError())
			.isEqualTo(Duration.ofSeconds(600));
	}

	@Test
	void noStoreAndPrivateAreNotKeptAndNoCacheIsRevalidatedEveryTime() {
		assertThat(Freshness.of(PLAYLIST, "no-store", SETTINGS).storable()).isFalse();
		assertThat(Freshness.of(PLAYLIST, "private, max-age=10", SETTINGS).storable()).isFalse();
		Freshness noCache = Freshness.of(PLAYLIST, "no-cache", SETTINGS);
		assertThat(noCache.storable()).isTrue();
		assertThat(noCache.maxAge()).isZero();
		assertThat(noCache.staleWhileRevalidate()).isZero();
	}

}
