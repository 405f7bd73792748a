package org.roster.digitclients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.roster.digitclients.common.ResponseInfo;
import org.roster.digitclients.hrms.HrmsUserService;
import org.roster.digitclients.hrms.UserResponse;
import org.roster.digitclients.pgr.PgrNotificationService;
import org.roster.digitclients.pgr.PgrUserUtils;
import org.roster.digitclients.pt.PtUserService;
import org.roster.digitclients.token.AuthRole;
import org.roster.digitclients.token.AuthUser;
import org.roster.digitclients.token.TokenAnswer;
import org.roster.digitclients.token.TokenReader;
import org.roster.digitclients.zuul.User;
import org.roster.digitclients.zuul.UserDetailResponse;
import org.roster.digitclients.zuul.Zuul;

/**
 * Reads one {@link Answer} along its client's exact path and asserts what that client goes on to use. A read
 * that fails in the client (a Jackson error, a ClassCastException or NullPointerException in parseResponse, a
 * CustomException) fails here with the client's own exception as the cause.
 *
 * <p>Expectations ({@code <name>.expect.json}): {@code read} (users | internal-user-uuid | notification-user | details | system-user |
 * token), {@code count}, {@code user} (field values of the user the client looks at: the one with {@code user.uuid},
 * else the first), {@code roles} ([{code, tenantId?}] it must hold), {@code createdBetween} / {@code modifiedBetween}
 * ([from, to] epoch ms of the write), {@code dob} (epoch ms of the day at UTC midnight, or null), {@code password}
 * (whether pwdExpiryDate is set), {@code createdBy} (the creator's numeric id, as the client's String). Absent keys are not
 * checked.
 */
public final class AnswerCheck {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final List<String> TOKEN_USER_KEYS =
      List.of("id", "uuid", "userName", "name", "mobileNumber", "emailId", "locale", "type", "roles", "active", "tenantId", "permanentCity");

  private AnswerCheck() {}

  /** A user as the client's class holds it; date fields are null where the class has none (pgr). */
  record Seen(Long id, String uuid, String userName, String name, String type, String tenantId, String mobileNumber, Boolean active,
      Long createdDate, Long lastModifiedDate, Long dob, Long pwdExpiryDate, String createdBy, List<SeenRole> roles, boolean carriesDates) {}

  record SeenRole(String code, String tenantId) {}

  @FunctionalInterface
  interface ClientRead<T> {
    T read() throws Exception;
  }

  public static void check(Answer answer) {
    try {
      if (answer.status() < 200 || answer.status() > 299) {
        fail("the client's RestTemplate throws on HTTP " + answer.status() + ", the client never reads this answer");
      }
      String read = answer.expect.path("read").asText("users");
      switch (answer.client() + "/" + read) {
        case "zuul/details" -> zuulUser(answer, readAs(answer, "zuul", () -> Zuul.details(answer.body)));
        case "zuul/system-user" -> zuulSystemUser(answer);
        case "hrms/internal-user-uuid" -> internalUserUuid(answer);
        case "hrms/users" -> hrms(answer);
        case "pgr/users" -> pgr(answer);
        case "pgr/notification-user" -> pgrNotificationUser(answer);
        case "pt/users" -> pt(answer);
        case "ui/token" -> token(answer);
        default -> fail("no client reading path for " + answer.client() + "/" + read);
      }
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n  " + answer.describe(), e.getCause());
    }
  }

  private static <T> T readAs(Answer answer, String client, ClientRead<T> read) {
    try {
      return read.read();
    } catch (Throwable t) {
      throw new AssertionError(client + " cannot read this answer: " + causeChain(t) + answeredDates(answer.body), t);
    }
  }

  /** The date keys parseResponse casts, as each user of the answer has them: which one broke the read. */
  private static String answeredDates(String body) {
    StringBuilder out = new StringBuilder();
    try {
      for (JsonNode user : PLAIN.readTree(body).path("user")) {
        out.append("\n  dates of user ").append(user.path("uuid").asText("?")).append(':');
        for (String key : List.of("createdDate", "lastModifiedDate", "dob", "pwdExpiryDate")) {
          JsonNode value = user.get(key);
          out.append(' ').append(key).append('=').append(value == null ? "absent" : value + " (" + value.getNodeType().name().toLowerCase() + ")");
        }
      }
    } catch (Exception notJson) {
      return "";
    }
    return out.toString();
  }

  static String causeChain(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable each = t; each != null; each = each.getCause()) {
      if (each != t) out.append(" <- ");
      out.append(each.getClass().getName()).append(": ").append(each.getMessage());
      for (Throwable suppressed : each.getSuppressed()) out.append(" [after ").append(suppressed).append("]");
    }
    return out.toString();
  }

  // --- zuul ---

  private static void zuulSystemUser(Answer answer) {
    UserDetailResponse response = readAs(answer, "zuul", () -> Zuul.systemUserSearch(answer.body));
    responseInfo(response.responseInfo);
    assertNotNull(response.user, "user[] (zuul takes user.get(0))");
    expectCount(answer, response.user.size());
    assertFalse(response.user.isEmpty(), "zuul finds no system user and proceeds with no userInfo");
    zuulUser(answer, response.user.get(0));
  }

  private static void zuulUser(Answer answer, User user) {
    assertNotNull(user, "the user");
    assertNotNull(user.getId(), "id (zuul puts it into RequestInfo.userInfo.id)");
    assertTrue(user.getId() > 0, "id " + user.getId() + " is positive");
    List<SeenRole> roles = user.getRoles() == null ? null : user.getRoles().stream().map(r -> new SeenRole(r.code, r.tenantId)).toList();
    Seen seen = new Seen(user.getId().longValue(), user.getUuid(), user.getUserName(), user.getName(), user.getType(), user.getTenantId(),
        user.getMobileNumber(), null, null, null, null, null, null, roles, false);
    expectUser(answer, seen);
  }

  // --- hrms, pgr, pt ---

  private static void internalUserUuid(Answer answer) {
    String uuid = readAs(answer, "hrms (start-up)", () -> HrmsUserService.internalUserUuid(answer.body));
    assertNotNull(uuid, "user[0].uuid (hrms keeps it as its internal microservice user)");
    JsonNode expected = answer.expect.path("user").path("uuid");
    if (expected.isTextual()) assertEquals(expected.asText(), uuid, "user[0].uuid");
  }

  private static void hrms(Answer answer) {
    UserResponse response = readAs(answer, "hrms", () -> HrmsUserService.userCall(answer.body, answer.path()));
    List<Seen> users = new ArrayList<>();
    for (var u : response.user) {
      List<SeenRole> roles = u.roles == null ? null : u.roles.stream().map(r -> new SeenRole(r.code, r.tenantId)).toList();
      users.add(new Seen(u.id, u.uuid, u.userName, u.name, u.type, u.tenantId, u.mobileNumber, u.active, u.createdDate, u.lastModifiedDate,
          u.dob, u.pwdExpiryDate, u.createdBy, roles, true));
    }
    users(answer, response.responseInfo, users);
  }

  private static void pgr(Answer answer) {
    var response = readAs(answer, "pgr", () -> PgrUserUtils.userCall(answer.body, answer.path()));
    assertNotNull(response.user, "user[]");
    List<Seen> users = new ArrayList<>();
    for (var u : response.user) {
      List<SeenRole> roles = u.roles == null ? null : u.roles.stream().map(r -> new SeenRole(r.code, r.tenantId)).toList();
      users.add(new Seen(u.id, u.uuid, u.userName, u.name, u.type, u.tenantId, u.mobileNumber, u.active, null, null, null, null, null, roles, false));
    }
    users(answer, response.responseInfo, users);
  }

  private static void pgrNotificationUser(Answer answer) {
    var user = readAs(answer, "pgr (notifications)", () -> PgrNotificationService.fetchUserByUUID(answer.body));
    assertNotNull(user, "user[0]");
    List<SeenRole> roles = user.roles == null ? null : user.roles.stream().map(r -> new SeenRole(r.code, r.tenantId)).toList();
    expectUser(answer, new Seen(user.id, user.uuid, user.userName, user.name, user.type, user.tenantId, user.mobileNumber, null, null, null, null,
        null, null, roles, false));
  }

  private static void pt(Answer answer) {
    var response = readAs(answer, "property-services", () -> PtUserService.userCall(answer.body, answer.path()));
    assertNotNull(response.user, "user[]");
    List<Seen> users = new ArrayList<>();
    for (var u : response.user) {
      List<SeenRole> roles = u.roles == null ? null : u.roles.stream().map(r -> new SeenRole(r.code, r.tenantId)).toList();
      users.add(new Seen(u.id, u.uuid, u.userName, u.name, u.type, u.tenantId, u.mobileNumber, u.active, u.createdDate, u.lastModifiedDate,
          u.dob, u.pwdExpiryDate, u.createdBy, roles, true));
    }
    users(answer, response.responseInfo, users);
  }

  private static void users(Answer answer, ResponseInfo responseInfo, List<Seen> users) {
    responseInfo(responseInfo);
    expectCount(answer, users.size());
    for (Seen user : users) {
      assertNotNull(user.id(), "id of " + user.uuid());
      assertTrue(user.id() > 0 && user.id() <= Integer.MAX_VALUE, "id " + user.id() + " fits zuul's Integer (1.." + Integer.MAX_VALUE + ")");
      if (user.createdBy() != null) assertTrue(user.createdBy().matches("\\d+"), "createdBy " + user.createdBy() + " is egov-user's Long");
      expectRoles(user);
    }
    if (!users.isEmpty() || answer.expect.has("user")) {
      Seen target = targetOf(answer, users);
      expectUser(answer, target);
      if (target.carriesDates()) expectDates(answer, target);
    }
  }

  private static Seen targetOf(Answer answer, List<Seen> users) {
    JsonNode uuid = answer.expect.path("user").path("uuid");
    if (uuid.isTextual()) {
      return users.stream().filter(u -> uuid.asText().equals(u.uuid())).findFirst()
          .orElseThrow(() -> new AssertionError("no user with uuid " + uuid.asText() + " among " + users.size()));
    }
    assertFalse(users.isEmpty(), "the client takes user[0]; the list is empty");
    return users.get(0);
  }

  private static void responseInfo(ResponseInfo responseInfo) {
    assertNotNull(responseInfo, "responseInfo");
    assertEquals("200", responseInfo.status, "responseInfo.status");
  }

  private static void expectCount(Answer answer, int size) {
    if (answer.expect.has("count")) assertEquals(answer.expect.get("count").asInt(), size, "number of users in user[]");
  }

  private static void expectRoles(Seen seen) {
    assertNotNull(seen.roles(), "roles of " + seen.uuid());
    for (SeenRole role : seen.roles()) {
      assertNotNull(role.code(), "role code");
      assertNotNull(role.tenantId(), "tenantId of role " + role.code() + " of " + seen.uuid());
    }
  }

  private static void expectUser(Answer answer, Seen seen) {
    assertNotNull(seen.uuid(), "uuid");
    expectRoles(seen);
    JsonNode expected = answer.expect.path("user");
    expected.fieldNames().forEachRemaining(field -> {
      JsonNode value = expected.get(field);
      Object actual = switch (field) {
        case "id" -> seen.id();
        case "uuid" -> seen.uuid();
        case "userName" -> seen.userName();
        case "name" -> seen.name();
        case "type" -> seen.type();
        case "tenantId" -> seen.tenantId();
        case "mobileNumber" -> seen.mobileNumber();
        case "active" -> seen.active();
        default -> throw new AssertionError("unknown expected field " + field);
      };
      Object want = value.isNull() ? null : value.isNumber() ? (Object) value.asLong() : value.isBoolean() ? (Object) value.asBoolean() : value.asText();
      assertEquals(want, actual, field);
    });
    for (JsonNode role : answer.expect.path("roles")) {
      String code = role.path("code").asText();
      boolean held = seen.roles().stream().anyMatch(r -> code.equals(r.code()) && (!role.has("tenantId") || role.get("tenantId").asText().equals(r.tenantId())));
      assertTrue(held, "role " + role + " among " + seen.roles());
    }
  }

  private static void expectDates(Answer answer, Seen user) {
    assertNotNull(user.createdDate(), "createdDate");
    JsonNode created = answer.expect.path("createdBetween");
    if (created.isArray()) within("createdDate", user.createdDate(), created);
    JsonNode modified = answer.expect.path("modifiedBetween");
    if (modified.isArray()) {
      assertNotNull(user.lastModifiedDate(), "lastModifiedDate");
      within("lastModifiedDate", user.lastModifiedDate(), modified);
    }
    if (user.lastModifiedDate() != null) assertTrue(user.lastModifiedDate() >= user.createdDate(), "lastModifiedDate ≥ createdDate");
    if (answer.expect.has("dob")) {
      JsonNode dob = answer.expect.get("dob");
      assertEquals(dob.isNull() ? null : dob.asLong(), user.dob(), "dob (epoch ms of the day, UTC)");
    }
    if (answer.expect.has("createdBy")) {
      JsonNode createdBy = answer.expect.get("createdBy");
      assertEquals(createdBy.isNull() ? null : createdBy.asText(), user.createdBy(), "createdBy (egov-user: RequestInfo.userInfo.id of the creator)");
    }
    if (answer.expect.has("password")) {
      if (answer.expect.get("password").asBoolean()) {
        assertNotNull(user.pwdExpiryDate(), "pwdExpiryDate of a user with a password");
        assertTrue(user.pwdExpiryDate() > user.createdDate(), "pwdExpiryDate after createdDate");
      } else {
        assertNull(user.pwdExpiryDate(), "pwdExpiryDate of a user without a password");
      }
    }
  }

  /** {@code dd-MM-yyyy HH:mm:ss} has whole seconds: the write's window starts at its second. */
  private static void within(String field, long actual, JsonNode window) {
    long from = window.get(0).asLong() / 1000 * 1000;
    long to = window.get(1).asLong();
    assertTrue(actual >= from && actual <= to, field + " " + actual + " within the write's window [" + from + ", " + to + "]");
  }

  // --- the token answer ---

  private static void token(Answer answer) {
    TokenAnswer token = readAs(answer, "the token reader", () -> TokenReader.read(answer.body));
    JsonNode raw = readAs(answer, "JSON", () -> PLAIN.readTree(answer.body));
    assertTrue(token.accessToken != null && !token.accessToken.isEmpty(), "access_token");
    assertTrue(token.refreshToken != null && !token.refreshToken.isEmpty(), "refresh_token");
    assertNotEquals(token.accessToken, token.refreshToken, "access_token and refresh_token differ");
    assertTrue("bearer".equalsIgnoreCase(token.tokenType), "token_type bearer, was " + token.tokenType);
    assertTrue(token.expiresIn > 0, "expires_in > 0");
    assertEquals("read", token.scope, "scope");
    assertNotNull(token.responseInfo, "ResponseInfo");
    AuthUser user = token.userRequest;
    assertNotNull(user, "UserRequest");
    JsonNode rawUser = raw.path("UserRequest");
    List<String> missing = TOKEN_USER_KEYS.stream().filter(key -> !rawUser.has(key)).collect(Collectors.toList());
    assertTrue(missing.isEmpty(), "UserRequest lacks " + missing);
    assertTrue(rawUser.get("active").isBoolean(), "UserRequest.active is a boolean");
    assertNotNull(user.id, "UserRequest.id");
    assertTrue(user.id > 0 && user.id <= Integer.MAX_VALUE, "UserRequest.id " + user.id + " fits zuul's Integer");
    for (String key : List.of("uuid", "userName", "name", "type", "tenantId")) {
      assertTrue(rawUser.get(key).isTextual(), "UserRequest." + key + " is a string");
    }
    assertNotNull(user.roles, "UserRequest.roles");
    assertFalse(user.roles.isEmpty(), "UserRequest.roles");
    for (AuthRole role : user.roles) {
      assertNotNull(role.code, "role code");
      assertNotNull(role.tenantId, "tenantId of role " + role.code + " (the UI filters an employee's roles by it)");
    }
    assertTrue(user.roles.stream().anyMatch(r -> Objects.equals(r.tenantId, user.tenantId)), "a role in UserRequest.tenantId " + user.tenantId);
    List<SeenRole> roles = user.roles.stream().map(r -> new SeenRole(r.code, r.tenantId)).toList();
    expectUser(answer, new Seen(user.id, user.uuid, user.userName, user.name, user.type, user.tenantId, user.mobileNumber, user.active,
        null, null, null, null, null, roles, false));
  }
}
