package cdn.edge.admin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import cdn.edge.content.ContentPath;
import cdn.protocol.InvalidIdException;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import io.lindstrom.m3u8.parser.PlaylistParserException;

/**
 * The content paths a playlist refers to, resolved against the playlist's own path. A URI
 * that names another host or a path the edge does not serve is skipped: warming never
 * makes the edge fetch anything but its own paths from its own upstream.
 */
final class PlaylistUris {

	private static final URI BASE = URI.create("http://edge");

	private static final MasterPlaylistParser MASTER = new MasterPlaylistParser(ParsingMode.LENIENT);

	private static final MediaPlaylistParser MEDIA = new MediaPlaylistParser(ParsingMode.LENIENT);

	private PlaylistUris() {
	}

	/** Media playlists named by a master playlist. */
	static List<ContentPath> mediaPlaylists(ContentPath master, byte[] body) throws PlaylistParserException {
		MasterPlaylist playlist = MASTER.readPlaylist(new String(body, StandardCharsets.UTF_8));
		Set<ContentPath> paths = new LinkedHashSet<>();
		playlist.variants().forEach((variant) -> add(paths, master, variant.uri()));
		playlist.alternativeRenditions()
			.forEach((rendition) -> rendition.uri().ifPresent((uri) -> add(paths, master, uri)));
		return List.copyOf(paths);
	}

	/** Segments (init segments included) named by a media playlist. */
	static List<ContentPath> segments(ContentPath media, byte[] body) throws PlaylistParserException {
		MediaPlaylist playlist = MEDIA.readPlaylist(new String(body, StandardCharsets.UTF_8));
		Set<ContentPath> paths = new LinkedHashSet<>();
		for (MediaSegment segment : playlist.mediaSegments()) {
			segment.segmentMap().ifPresent((map) -> add(paths, media, map.uri()));
			add(paths, media, segment.uri());
		}
		return List.copyOf(paths);
	}

	private static void add(Set<ContentPath> paths, ContentPath playlist, String uri) {
		try {
			URI resolved = BASE.resolve(playlist.value()).resolve(uri.strip());
			if (!BASE.getAuthority().equals(resolved.getRawAuthority()) || resolved.getRawQuery() != null) {
				return;
			}
			paths.add(ContentPath.parse(resolved.getPath()));
		}
		catch (IllegalArgumentException ex) {
			// InvalidIdException included: not a path this edge serves
			if (!(ex instanceof InvalidIdException) && !(ex.getCause() instanceof java.net.URISyntaxException)) {
				throw ex;
			}
		}
	}

}
