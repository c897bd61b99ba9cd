package cdn.client.hls;

import java.util.ArrayList;
import java.util.List;

import cdn.protocol.Rendition;
import cdn.protocol.SegmentName;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import io.lindstrom.m3u8.parser.PlaylistParserException;

/**
 * Reads the CDN's playlists: a master that names renditions {@code a64/index.m3u8}, and
 * media playlists whose URIs are {@code /segments/{sha256}.{ext}}. Anything else is
 * rejected, so a listener only ever asks for content-addressed segments.
 */
public final class PlaylistParser {

	private static final MasterPlaylistParser MASTER = new MasterPlaylistParser(ParsingMode.LENIENT);

	private static final MediaPlaylistParser MEDIA = new MediaPlaylistParser(ParsingMode.LENIENT);

	private PlaylistParser() {
	}

	/** The variants of a master playlist that are known renditions, lowest first. */
	public static List<Variant> variants(String master) throws PlaylistParserException {
		MasterPlaylist playlist;
		try {
			playlist = MASTER.readPlaylist(master);
		}
		catch (RuntimeException ex) {
			throw malformed(ex);
		}
		List<Variant> variants = new ArrayList<>();
		for (Variant variant : playlist.variants()) {
			String rendition = withoutQuery(variant.uri()).replace("/index.m3u8", "");
			if (isRendition(rendition)) {
				variants.add(variant);
			}
		}
		variants.sort(java.util.Comparator.comparingLong(Variant::bandwidth));
		return variants;
	}

	public static Rendition renditionOf(Variant variant) {
		return Rendition.of(withoutQuery(variant.uri()).replace("/index.m3u8", ""));
	}

	public static RenditionPlaylist media(Rendition rendition, long bandwidth, String text)
			throws PlaylistParserException {
		MediaPlaylist playlist;
		try {
			playlist = MEDIA.readPlaylist(text);
		}
		catch (RuntimeException ex) {
			throw malformed(ex);
		}
		SegmentName init = null;
		List<SegmentRef> segments = new ArrayList<>();
		for (MediaSegment segment : playlist.mediaSegments()) {
			if (init == null && segment.segmentMap().isPresent()) {
				init = segmentName(segment.segmentMap().get().uri());
			}
			segments.add(new SegmentRef(segments.size(), segmentName(segment.uri()), segment.duration()));
		}
		return new RenditionPlaylist(rendition, bandwidth, init, List.copyOf(segments), playlist.mediaSequence(),
				playlist.ongoing());
	}

	/**
	 * The m3u8 parser refuses most malformed playlists with a
	 * {@link PlaylistParserException}, but some (a tag without a required attribute, a
	 * date that is not one) with its model builders' unchecked exceptions: refused the
	 * same way here (found by {@code PlaylistFuzzTest}).
	 */
	private static PlaylistParserException malformed(RuntimeException ex) {
		return new PlaylistParserException("malformed playlist: " + ex.getMessage());
	}

	/**
	 * A URI without its query: an edge that requires signed URLs puts the request's
	 * signature on each URI of a playlist; this client adds its own to every request.
	 */
	private static String withoutQuery(String uri) {
		int query = uri.indexOf('?');
		return (query < 0) ? uri : uri.substring(0, query);
	}

	private static SegmentName segmentName(String signedUri) {
		String uri = withoutQuery(signedUri);
		if (!uri.startsWith(SegmentName.PATH_PREFIX)) {
			throw new IllegalArgumentException("segment URI is not a content address: " + uri);
		}
		return SegmentName.parse(uri.substring(SegmentName.PATH_PREFIX.length()));
	}

	private static boolean isRendition(String id) {
		for (Rendition rendition : Rendition.values()) {
			if (rendition.id().equals(id)) {
				return true;
			}
		}
		return false;
	}

}
