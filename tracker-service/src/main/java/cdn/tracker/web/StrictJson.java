package cdn.tracker.web;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;

/**
 * A JSON number or boolean where the API expects a string is a wrong type, not an id:
 * rejected (400) instead of silently turned into text. The other strictness settings
 * (unknown fields, trailing tokens, no string-to-number coercion) are in
 * {@code application.yml}.
 */
@Component
class StrictJson implements JsonMapperBuilderCustomizer {

	@Override
	public void customize(tools.jackson.databind.json.JsonMapper.Builder builder) {
		builder.withCoercionConfig(LogicalType.Textual,
				(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

}
