package cdn.edge.web;

import java.nio.charset.StandardCharsets;

/**
 * Playlist tokenization: the URIs of a playlist served to a signed request carry that
 * request's signature on, so a player that resolves them on its own (ffplay, VLC, Safari,
 * hls.js without help) asks for signed media playlists and segments. URI lines get the
 * query appended; so do the {@code URI="…"} attributes of tags ({@code EXT-X-MAP},
 * {@code EXT-X-MEDIA}, …). The cached playlist stays as the origin made it; the rewrite
 * is per request.
 */
final class SignedPlaylists {

	private static final String URI_ATTRIBUTE = "URI=\"";

	private SignedPlaylists() {
	}

	/** {@code playlist} (UTF-8) with {@code signature} on each URI. */
	static byte[] sign(byte[] playlist, String signature) {
		String text = new String(playlist, StandardCharsets.UTF_8);
		StringBuilder signed = new StringBuilder(text.length() + 64 * 32);
		int start = 0;
		while (start < text.length()) {
			int end = text.indexOf('\n', start);
			int next = (end < 0) ? text.length() : end + 1;
			String line = text.substring(start, (end < 0) ? text.length() : end);
			boolean carriageReturn = line.endsWith("\r");
			String content = carriageReturn ? line.substring(0, line.length() - 1) : line;
			if (content.startsWith("#")) {
				content = signAttributes(content, signature);
			}
			else if (!content.isBlank()) {
				content = withQuery(content.strip(), signature);
			}
			signed.append(content).append(carriageReturn ? "\r" : "").append(text, start + line.length(), next);
			start = next;
		}
		return signed.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** A tag line with each {@code URI="…"} attribute signed; most tags have none. */
	private static String signAttributes(String tag, String signature) {
		int attribute = tag.indexOf(URI_ATTRIBUTE);
		if (attribute < 0) {
			return tag;
		}
		StringBuilder signed = new StringBuilder(tag.length() + signature.length() + 1);
		int from = 0;
		while (attribute >= 0) {
			int start = attribute + URI_ATTRIBUTE.length();
			int end = tag.indexOf('"', start);
			if (end < 0) {
				break;
			}
			signed.append(tag, from, start).append(withQuery(tag.substring(start, end), signature));
			from = end;
			attribute = tag.indexOf(URI_ATTRIBUTE, end + 1);
		}
		return signed.append(tag, from, tag.length()).toString();
	}

	private static String withQuery(String uri, String query) {
		return uri + ((uri.indexOf('?') < 0) ? "?" : "&") + query;
	}

}
