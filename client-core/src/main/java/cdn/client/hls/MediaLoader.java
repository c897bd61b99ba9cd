package cdn.client.hls;

import java.nio.charset.StandardCharsets;
import java.util.List;

import cdn.client.edge.EdgeFailover;
import cdn.protocol.CatalogTrack;
import cdn.protocol.Rendition;
import cdn.protocol.TrackId;
import io.lindstrom.m3u8.model.Variant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Loads a track's master playlist and every rendition's media playlist from the edge. */
public final class MediaLoader {

	private MediaLoader() {
	}

	public static Mono<TrackMedia> load(EdgeFailover edges, TrackId track) {
		return edges.get(CatalogTrack.masterPath(track)).flatMap((master) -> {
			List<Variant> variants;
			try {
				variants = PlaylistParser.variants(new String(master.body(), StandardCharsets.UTF_8));
			}
			catch (Exception ex) {
				return Mono.error(ex);
			}
			// every rendition's playlist at once (one round trip, not one per rendition),
			// in ladder order
			return Flux.fromIterable(variants).flatMapSequential((variant) -> {
				Rendition rendition = PlaylistParser.renditionOf(variant);
				return edges.get(CatalogTrack.mediaPath(track, rendition))
					.map((media) -> parseMedia(rendition, variant.bandwidth(), media.body()));
			}).collectList().map((renditions) -> TrackMedia.of(track, renditions));
		});
	}

	/**
	 * Loads the media playlists of a live track again, in the order of {@code media}'s
	 * renditions. Every rendition is followed, not only the one playing: peers may hold
	 * another.
	 */
	public static Mono<List<RenditionPlaylist>> refresh(EdgeFailover edges, TrackMedia media) {
		return Flux.fromIterable(media.renditions())
			.flatMapSequential((playlist) -> edges.get(CatalogTrack.mediaPath(media.trackId(), playlist.rendition()))
				.map((fresh) -> parseMedia(playlist.rendition(), playlist.bandwidthBitsPerSecond(), fresh.body())))
			.collectList();
	}

	private static RenditionPlaylist parseMedia(Rendition rendition, long bandwidth, byte[] body) {
		try {
			return PlaylistParser.media(rendition, bandwidth, new String(body, StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException("unreadable media playlist " + rendition + ": " + ex.getMessage(), ex);
		}
	}

}
