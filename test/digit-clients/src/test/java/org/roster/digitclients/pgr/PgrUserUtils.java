package org.roster.digitclients.pgr;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.TimeZone;
import org.roster.digitclients.common.CustomException;
import org.roster.digitclients.common.ParseResponse;
import org.roster.digitclients.common.RestTemplateJson;

/**
 * pgr-services {@code UserUtils.userCall}: dob pattern by URI (config paths {@code /user/_search},
 * {@code /_createnovalidate}, {@code /_updatenovalidate}), a ParseException is {@code INVALID_DATE_FORMAT}, and
 * the mapper is {@code PGRApp.objectMapper()}: case-insensitive, unknown properties off, zone UTC.
 */
public final class PgrUserUtils {
  public static final String SEARCH_ENDPOINT = "/user/_search";
  public static final String CREATE_ENDPOINT = "/_createnovalidate";
  public static final String UPDATE_ENDPOINT = "/_updatenovalidate";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setTimeZone(TimeZone.getTimeZone("UTC"));

  private PgrUserUtils() {}

  @SuppressWarnings("rawtypes")
  public static UserDetailResponse userCall(String body, String uri) throws IOException {
    String dobFormat = null;
    if (uri.contains(SEARCH_ENDPOINT) || uri.contains(UPDATE_ENDPOINT)) dobFormat = "yyyy-MM-dd";
    else if (uri.contains(CREATE_ENDPOINT)) dobFormat = "dd/MM/yyyy";
    try {
      LinkedHashMap responseMap = RestTemplateJson.readMap(body);
      ParseResponse.apply(responseMap, dobFormat, ParseResponse::throwingInvalidDateFormat);
      return MAPPER.convertValue(responseMap, UserDetailResponse.class);
    } catch (IllegalArgumentException e) {
      throw new CustomException("IllegalArgumentException", "ObjectMapper not able to convertValue in userCall", e);
    }
  }
}
