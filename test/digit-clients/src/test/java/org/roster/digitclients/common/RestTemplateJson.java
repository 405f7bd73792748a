package org.roster.digitclients.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.TimeZone;

/**
 * What every client's RestTemplate reads an answer with: the built-in MappingJackson2HttpMessageConverter, whose
 * mapper is {@code Jackson2ObjectMapperBuilder.json().build()} (unknown properties and view inclusion off,
 * case-sensitive). zuul reads its classes straight with it; hrms, pgr and pt ask it for a {@code Map}.
 */
public final class RestTemplateJson {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).disable(MapperFeature.DEFAULT_VIEW_INCLUSION);

  static {
    // Each client calls TimeZone.setDefault(app.timezone) at start (UTC by default); SimpleDateFormat uses it.
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
  }

  private RestTemplateJson() {}

  public static <T> T read(String body, Class<T> type) throws IOException {
    return MAPPER.readValue(body, type);
  }

  /** {@code restTemplate.postForObject(uri, request, Map.class)}: a LinkedHashMap (or null for an empty answer). */
  @SuppressWarnings("rawtypes")
  public static LinkedHashMap readMap(String body) throws IOException {
    return body.isBlank() ? null : (LinkedHashMap) MAPPER.readValue(body, java.util.Map.class);
  }
}
