package cdn.signaling.relay;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * What a relay-only listener signals, cleaned of every address but its TURN relay's
 * before it is relayed: the server's side of relay-only, for a client that does not
 * honour {@code iceTransportPolicy: relay} (an old page, a modified one).
 * <ul>
 * <li>candidates ({@code {cid, candidate: {candidate, sdpMid, sdpMLineIndex}}}, batched
 * {@code {cid, candidates: [...]}}, a candidate as a plain string too): those that are
 * not {@code typ relay} are dropped; a relay candidate's related address
 * ({@code raddr}/{@code rport}: the listener's own address as the TURN server saw it) is
 * zeroed, as browsers do under a relay policy; an empty candidate (end of candidates)
 * carries no address and goes as it is;</li>
 * <li>descriptions ({@code {cid, sdp}}): {@code a=candidate} lines that are not relays
 * are stripped (relays' related addresses zeroed), {@code a=remote-candidates} lines
 * dropped, and the addresses of {@code c=}, {@code o=} and {@code a=rtcp:} lines (a
 * default candidate's, ICE does not use them) zeroed.</li>
 * </ul>
 * Nothing else of the frame is read: the service still does not interpret SDP beyond
 * these lines.
 */
public final class CandidateFilter {

	/** {@code typ} and the type of an ICE candidate line (RFC 8839). */
	private static final Pattern TYPE = Pattern.compile("(?:^|\\s)typ\\s+(\\S+)");

	private static final Pattern RELATED_ADDRESS = Pattern.compile("(\\sraddr\\s+)(\\S+)");

	private static final Pattern RELATED_PORT = Pattern.compile("(?<key>\\srport\\s+)\\S+");

	/**
	 * The address of {@code c=IN IP4 a}, {@code o=… IN IP4 a}, {@code a=rtcp:p IN IP4 a}.
	 */
	private static final Pattern CONNECTION_ADDRESS = Pattern.compile("([\\s=]IN\\s+IP([46])\\s+)(\\S+)");

	private CandidateFilter() {
	}

	/**
	 * A candidate frame's data, cleaned.
	 *
	 * @param data what may be relayed; {@code null}: nothing is left (drop the frame)
	 * @param dropped candidates dropped
	 */
	public record Filtered(JsonNode data, int dropped) {
	}

	/** The data of a {@code candidate} frame of a relay-only listener, cleaned. */
	public static Filtered candidates(JsonNode data) {
		if (data == null || data.isNull()) {
			return new Filtered(data, 0);
		}
		if (data.isString() || data.isObject() && data.has("candidate") && !data.has("candidates")) {
			JsonNode one = data.isString() ? data : data.get("candidate");
			JsonNode kept = candidate(one);
			if (kept == null) {
				return new Filtered(null, 1);
			}
			return new Filtered(data.isString() ? kept : ((ObjectNode) data.deepCopy()).set("candidate", kept), 0);
		}
		if (data.isArray() || data.isObject() && data.get("candidates") != null) {
			JsonNode several = data.isArray() ? data : data.get("candidates");
			if (!several.isArray()) {
				// not a list of candidates: nothing of it can be judged, nothing goes
				return new Filtered(null, 1);
			}
			ArrayNode kept = JsonNodeFactory.instance.arrayNode();
			int dropped = 0;
			for (JsonNode candidate : several) {
				JsonNode cleaned = candidate(candidate);
				if (cleaned != null) {
					kept.add(cleaned);
				}
				else {
					dropped++;
				}
			}
			if (kept.isEmpty() && !several.isEmpty()) {
				return new Filtered(null, dropped);
			}
			if (data.isArray()) {
				return new Filtered(kept, dropped);
			}
			ObjectNode copy = (ObjectNode) data.deepCopy();
			if (data.has("candidate")) {
				// both forms at once: the single one is judged too
				JsonNode single = candidate(data.get("candidate"));
				if (single == null) {
					copy.remove("candidate");
					dropped++;
				}
				else {
					copy.set("candidate", single);
				}
			}
			copy.set("candidates", kept);
			return new Filtered(copy, dropped);
		}
		// no candidate in it ({cid} alone, a number): no address to strip
		return new Filtered(data, 0);
	}

	/**
	 * One candidate ({@code {candidate, sdpMid, sdpMLineIndex}} or its line) cleaned, or
	 * {@code null} when it must not be relayed.
	 */
	private static JsonNode candidate(JsonNode candidate) {
		if (candidate == null || candidate.isNull()) {
			// the end of candidates, as some clients say it
			return candidate;
		}
		if (candidate.isString()) {
			String line = relayLine(candidate.asString());
			return (line != null) ? StringNode.valueOf(line) : null;
		}
		if (candidate.isObject()) {
			JsonNode text = candidate.get("candidate");
			if (text == null || !text.isString()) {
				return null;
			}
			String line = relayLine(text.asString());
			return (line != null) ? ((ObjectNode) candidate.deepCopy()).put("candidate", line) : null;
		}
		return null;
	}

	/**
	 * A candidate line ({@code candidate:…} or {@code a=candidate:…}) that may be
	 * relayed: a relay's with its related address zeroed, an empty one as it is;
	 * {@code null} for any other.
	 */
	static String relayLine(String line) {
		if (line.isBlank()) {
			return line;
		}
		if (!isRelay(line)) {
			return null;
		}
		Matcher address = RELATED_ADDRESS.matcher(line);
		StringBuilder cleaned = new StringBuilder();
		while (address.find()) {
			String zero = address.group(2).contains(":") ? "::" : "0.0.0.0";
			address.appendReplacement(cleaned, Matcher.quoteReplacement(address.group(1) + zero));
		}
		address.appendTail(cleaned);
		return RELATED_PORT.matcher(cleaned).replaceAll("${key}0");
	}

	/** Whether a candidate line is a TURN relay's ({@code typ relay}). */
	public static boolean isRelay(String line) {
		Matcher type = TYPE.matcher(line);
		return type.find() && type.group(1).equals("relay");
	}

	/**
	 * The data of an {@code offer} or {@code answer} of a relay-only listener
	 * ({@code {cid, sdp}}), its SDP cleaned; data without an SDP goes as it is.
	 */
	public static Filtered description(JsonNode data) {
		if (data == null || !data.isObject() || !data.path("sdp").isString()) {
			return new Filtered(data, 0);
		}
		String sdp = data.get("sdp").asString();
		StringBuilder cleaned = new StringBuilder(sdp.length());
		int dropped = 0;
		int start = 0;
		while (start < sdp.length()) {
			int end = sdp.indexOf('\n', start);
			int next = (end < 0) ? sdp.length() : end + 1;
			String ending = sdp.substring(start, next);
			String line = ending.stripTrailing();
			String eol = ending.substring(line.length());
			if (line.startsWith("a=candidate:")) {
				String relay = relayLine(line);
				if (relay == null) {
					dropped++;
				}
				else {
					cleaned.append(relay).append(eol);
				}
			}
			else if (line.startsWith("a=remote-candidates:")) {
				dropped++;
			}
			else if (line.startsWith("c=") || line.startsWith("o=") || line.startsWith("a=rtcp:")) {
				cleaned.append(zeroConnectionAddress(line)).append(eol);
			}
			else {
				cleaned.append(ending);
			}
			start = next;
		}
		ObjectNode copy = (ObjectNode) data.deepCopy();
		copy.put("sdp", cleaned.toString());
		return new Filtered(copy, dropped);
	}

	private static String zeroConnectionAddress(String line) {
		Matcher address = CONNECTION_ADDRESS.matcher(line);
		StringBuilder cleaned = new StringBuilder();
		while (address.find()) {
			String zero = address.group(2).equals("6") ? "::" : "0.0.0.0";
			address.appendReplacement(cleaned, Matcher.quoteReplacement(address.group(1) + zero));
		}
		address.appendTail(cleaned);
		return cleaned.toString();
	}

}
