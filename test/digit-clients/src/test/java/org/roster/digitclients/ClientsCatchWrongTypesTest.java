package org.roster.digitclients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roster.digitclients.common.CustomException;
import org.roster.digitclients.hrms.HrmsUserService;
import org.roster.digitclients.pgr.PgrUserUtils;
import org.roster.digitclients.pt.PtUserService;
import org.roster.digitclients.zuul.Zuul;

/**
 * The harness against literal egov-user answers (not Roster): a right answer reads everywhere, and each wrong type
 * or format fails exactly as it fails in the client, so a green run over Roster's answers means something.
 */
class ClientsCatchWrongTypesTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final Object ABSENT = new Object();
  private static final String SEARCH = "http://egov-user:8080//user/v1/_search";
  private static final String CREATE = "http://egov-user:8080//user/users/_createnovalidate";
  private static final String PGR_SEARCH = "http://egov-user:8080//user/_search";
  private static final String PT_UPDATE = "http://egov-user:8080//user/users//_updatenovalidate";
  private static final long JAN_15_2024_10H = 1705312800000L;
  private static final long AUG_15_1990 = LocalDate.of(1990, 8, 15).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

  /** An egov-user search answer (UserSearchResponseContent) with one user; {@code changes} replace or (ABSENT) remove keys. */
  private static String answerWith(Object... changes) throws JsonProcessingException {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", 42);
    user.put("userName", "EMP1");
    user.put("name", "Asha Rani");
    user.put("mobileNumber", "9876543210");
    user.put("active", true);
    user.put("type", "EMPLOYEE");
    user.put("relationship", "FATHER");
    user.put("createdBy", 1);
    user.put("lastModifiedBy", 1);
    user.put("tenantId", "pb.amritsar");
    user.put("roles", List.of(Map.of("code", "EMPLOYEE", "name", "Employee", "tenantId", "pb.amritsar")));
    user.put("uuid", "4fef6612-07a8-4751-97e9-0e0ac0687ebe");
    user.put("createdDate", "15-01-2024 10:00:00");
    user.put("lastModifiedDate", "15-01-2024 10:00:00");
    user.put("dob", "1990-08-15");
    user.put("pwdExpiryDate", null);
    for (int i = 0; i < changes.length; i += 2) {
      if (changes[i + 1] == ABSENT) user.remove((String) changes[i]);
      else user.put((String) changes[i], changes[i + 1]);
    }
    Map<String, Object> responseInfo = new LinkedHashMap<>();
    for (String key : List.of("apiId", "ver", "ts", "resMsgId", "msgId")) responseInfo.put(key, null);
    responseInfo.put("status", "200");
    return PLAIN.writeValueAsString(Map.of("responseInfo", responseInfo, "user", List.of(user)));
  }

  private static Answer answer(String client, String path, String body, String expectations) throws Exception {
    return Answer.of("literal", body, "{\"client\":\"" + client + "\",\"mode\":\"literal\",\"path\":\"" + path + "\",\"status\":200" + expectations + "}");
  }

  @Test
  void anEgovUserAnswerReadsInEveryClient() throws Exception {
    var hrms = HrmsUserService.userCall(answerWith(), SEARCH).user.get(0);
    assertEquals(42L, hrms.id);
    assertEquals(JAN_15_2024_10H, hrms.createdDate);
    assertEquals(AUG_15_1990, hrms.dob);
    assertEquals("1", hrms.createdBy);
    assertEquals(42L, PgrUserUtils.userCall(answerWith(), PGR_SEARCH).user.get(0).id);
    assertEquals(AUG_15_1990, PtUserService.userCall(answerWith(), PT_UPDATE).user.get(0).dob);
    assertEquals(42, Zuul.systemUserSearch(answerWith()).user.get(0).getId());
    AnswerCheck.check(answer("hrms", SEARCH, answerWith(),
        ",\"count\":1,\"user\":{\"id\":42,\"userName\":\"EMP1\"},\"roles\":[{\"code\":\"EMPLOYEE\",\"tenantId\":\"pb.amritsar\"}],"
            + "\"createdBetween\":[" + JAN_15_2024_10H + "," + JAN_15_2024_10H + "],\"dob\":" + AUG_15_1990 + ",\"password\":false"));
  }

  @Test
  void zuulCannotReadAnIdBeyondInteger() throws Exception {
    String details = "{\"id\":3000000000,\"userName\":\"EMP1\",\"type\":\"EMPLOYEE\",\"roles\":[],\"tenantId\":\"pb\",\"uuid\":\"u-1\"}";
    assertThrows(JsonMappingException.class, () -> Zuul.details(details));
    assertThrows(AssertionError.class, () -> AnswerCheck.check(answer("zuul", "/user/_details", details, ",\"read\":\"details\"")));
    assertEquals(Integer.MAX_VALUE, Zuul.details(details.replace("3000000000", "2147483647")).getId());
  }

  @Test
  void anIdBeyondIntegerIsFlaggedWhereTheClientItselfHoldsALong() throws Exception {
    String body = answerWith("id", 3_000_000_000L);
    assertEquals(3_000_000_000L, HrmsUserService.userCall(body, SEARCH).user.get(0).id);
    assertThrows(AssertionError.class, () -> AnswerCheck.check(answer("hrms", SEARCH, body, "")));
  }

  @Test
  void aNumericCreatedDateIsAClassCastException() {
    assertThrows(ClassCastException.class, () -> HrmsUserService.userCall(answerWith("createdDate", JAN_15_2024_10H), SEARCH));
    assertThrows(ClassCastException.class, () -> PtUserService.userCall(answerWith("lastModifiedDate", JAN_15_2024_10H), PT_UPDATE));
  }

  @Test
  void aMissingCreatedDateIsANullPointerException() {
    assertThrows(NullPointerException.class, () -> HrmsUserService.userCall(answerWith("createdDate", ABSENT), SEARCH));
    assertThrows(NullPointerException.class, () -> PgrUserUtils.userCall(answerWith("createdDate", null), PGR_SEARCH));
  }

  @Test
  void anIsoCreatedDateFailsAfterTheSwallowedParseException() {
    var e = assertThrows(NullPointerException.class, () -> HrmsUserService.userCall(answerWith("createdDate", "2024-01-15T10:00:00Z"), SEARCH));
    assertTrue(e.getSuppressed()[0].getMessage().contains("Unparseable date"), e.getSuppressed()[0].getMessage());
  }

  @Test
  void theDobPatternDependsOnTheEndpoint() throws Exception {
    assertThrows(NullPointerException.class, () -> HrmsUserService.userCall(answerWith("dob", "1990-08-15"), CREATE));
    assertEquals(AUG_15_1990, HrmsUserService.userCall(answerWith("dob", "15/08/1990"), CREATE).user.get(0).dob);
    assertThrows(NullPointerException.class, () -> HrmsUserService.userCall(answerWith("dob", "15/08/1990"), SEARCH));
    var e = assertThrows(CustomException.class, () -> PgrUserUtils.userCall(answerWith("dob", "15/08/1990"), PGR_SEARCH));
    assertEquals("INVALID_DATE_FORMAT", e.code);
  }

  @Test
  void aValueOutsideTheClientsTypeFailsTheMapping() {
    var id = assertThrows(CustomException.class, () -> PtUserService.userCall(answerWith("id", "abc"), PT_UPDATE));
    assertInstanceOf(IllegalArgumentException.class, id.getCause());
    var relationship = assertThrows(CustomException.class, () -> HrmsUserService.userCall(answerWith("relationship", "COUSIN"), SEARCH));
    assertEquals("IllegalArgumentException", relationship.code);
  }

  @Test
  void propertyServicesTurnsARelationshipItDoesNotKnowIntoNull() throws Exception {
    assertNull(PtUserService.userCall(answerWith("relationship", "MOTHER"), PT_UPDATE).user.get(0).relationship);
  }

  @Test
  void hrmsFindsNoUsersUnderAnyKeyButUser() throws Exception {
    String capitalised = answerWith().replace("\"user\":", "\"User\":");
    assertEquals(0, HrmsUserService.userCall(capitalised, SEARCH).user.size());
    assertThrows(AssertionError.class, () -> AnswerCheck.check(answer("hrms", SEARCH, capitalised, ",\"count\":1")));
  }

  @Test
  void theHarnessChecksWhatTheClientsUse() throws Exception {
    String notTwoHundred = answerWith().replace("\"status\":\"200\"", "\"status\":\"successful\"");
    assertThrows(AssertionError.class, () -> AnswerCheck.check(answer("pgr", PGR_SEARCH, notTwoHundred, "")));
    assertThrows(AssertionError.class, () -> AnswerCheck.check(answer("hrms", SEARCH, answerWith(), ",\"createdBetween\":[0,1000]")));
    assertThrows(AssertionError.class, () -> AnswerCheck.check(answer("hrms", SEARCH, answerWith(), ",\"dob\":0")));
    String roleWithoutTenant = answerWith("roles", List.of(Map.of("code", "EMPLOYEE", "name", "Employee")));
    assertThrows(AssertionError.class, () -> AnswerCheck.check(answer("pt", PT_UPDATE, roleWithoutTenant, "")));
    assertThrows(AssertionError.class, () -> AnswerCheck.check(Answer.of("literal", answerWith(),
        "{\"client\":\"hrms\",\"path\":\"" + SEARCH + "\",\"status\":400}")));
  }

  @Test
  void theTokenAnswerNeedsItsExactKeysAndTypes() throws Exception {
    String token = "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"refresh_token\":\"r\",\"expires_in\":604799,\"scope\":\"read\","
        + "\"ResponseInfo\":{\"api_id\":\"\",\"ver\":\"\",\"ts\":\"\",\"res_msg_id\":\"\",\"msg_id\":\"\",\"status\":\"Access Token generated successfully\"},"
        + "\"UserRequest\":{\"id\":23,\"uuid\":\"u-1\",\"userName\":\"9999999999\",\"name\":\"Foo\",\"mobileNumber\":\"9999999999\",\"emailId\":null,"
        + "\"locale\":\"en_IN\",\"type\":\"CITIZEN\",\"roles\":[{\"name\":\"Citizen\",\"code\":\"CITIZEN\",\"tenantId\":\"pb\"}],\"active\":true,"
        + "\"tenantId\":\"pb\",\"permanentCity\":null}}";
    AnswerCheck.check(answer("ui", "/user/oauth/token", token, ",\"read\":\"token\",\"user\":{\"type\":\"CITIZEN\"}"));
    for (String wrong : List.of(token.replace("\"UserRequest\"", "\"userRequest\""), token.replace(",\"permanentCity\":null", ""),
        token.replace("\"id\":23", "\"id\":\"abc\""), token.replace("\"tenantId\":\"pb\"}]", "\"tenantId\":null}]"))) {
      assertThrows(AssertionError.class, () -> AnswerCheck.check(answer("ui", "/user/oauth/token", wrong, ",\"read\":\"token\"")), wrong);
    }
  }
}
