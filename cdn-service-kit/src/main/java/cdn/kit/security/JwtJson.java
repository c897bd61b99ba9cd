package cdn.kit.security;

import java.io.OutputStream;
import java.io.Reader;
import java.util.Map;

import io.jsonwebtoken.io.AbstractDeserializer;
import io.jsonwebtoken.io.AbstractSerializer;
import io.jsonwebtoken.io.Deserializer;
import io.jsonwebtoken.io.Serializer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * jjwt's JSON on Jackson 3, the Jackson Spring Boot 4 puts in every service.
 *
 * <p>
 * Why not jjwt-jackson: it is written for Jackson 2 ({@code com.fasterxml.jackson}). It
 * does resolve (Boot 4.1 still manages Jackson 2.21) and would work, but the tracker,
 * signaling and the edges carry no Jackson 2 today: they would get a second JSON stack
 * (about 2 MB, the line Boot 4 keeps only for compatibility) only to read token headers
 * of a few hundred bytes. Nor jjwt-gson: again a second JSON library. This adapter is
 * jjwt's documented extension point ({@code JwtBuilder.json},
 * {@code JwtParserBuilder.json}) and as strict as jjwt-jackson: a duplicate member is an
 * error (a token with two {@code alg} or two {@code sub} must not be read one way here
 * and another way elsewhere), and so is content after the object.
 */
final class JwtJson {

	static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	static final Serializer<Map<String, ?>> SERIALIZER = new AbstractSerializer<>() {

		@Override
		protected void doSerialize(Map<String, ?> value, OutputStream out) {
			MAPPER.writer().without(StreamWriteFeature.AUTO_CLOSE_TARGET).writeValue(out, value);
		}

	};

	static final Deserializer<Map<String, ?>> DESERIALIZER = new AbstractDeserializer<>() {

		@Override
		protected Map<String, ?> doDeserialize(Reader reader) {
			return object(MAPPER.readValue(reader, OBJECT));
		}

	};

	private JwtJson() {
	}

	/** A JSON object; anything else (an array, a string, {@code null}) is an error. */
	static Map<String, Object> object(byte[] json) {
		return object(MAPPER.readValue(json, OBJECT));
	}

	private static Map<String, Object> object(Map<String, Object> value) {
		if (value == null) {
			throw new IllegalArgumentException("not a JSON object");
		}
		return value;
	}

}
