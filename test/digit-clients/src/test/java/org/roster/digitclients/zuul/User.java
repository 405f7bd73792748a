package org.roster.digitclients.zuul;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * zuul's {@code org.egov.contract.User}: the answer of {@code /user/_details} and the items of the system-user
 * search. {@code id} is an Integer: a larger number fails the whole read. {@code actions} is ignored on the field
 * and getter but its setter is kept, so Jackson still reads it when present.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class User {
  @JsonProperty("id")
  private Integer id;

  @JsonProperty("uuid")
  private String uuid;

  @JsonProperty("userName")
  private String userName;

  @JsonProperty("name")
  private String name;

  @JsonProperty("type")
  private String type;

  @JsonProperty("mobileNumber")
  private String mobileNumber;

  @JsonProperty("emailId")
  private String emailId;

  @JsonProperty("tenantId")
  private String tenantId;

  @JsonProperty("roles")
  private List<Role> roles;

  @JsonIgnore
  @JsonProperty("actions")
  private List<Action> actions;

  public Integer getId() { return id; }
  public void setId(Integer id) { this.id = id; }
  public String getUuid() { return uuid; }
  public void setUuid(String uuid) { this.uuid = uuid; }
  public String getUserName() { return userName; }
  public void setUserName(String userName) { this.userName = userName; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public String getMobileNumber() { return mobileNumber; }
  public void setMobileNumber(String mobileNumber) { this.mobileNumber = mobileNumber; }
  public String getEmailId() { return emailId; }
  public void setEmailId(String emailId) { this.emailId = emailId; }
  public String getTenantId() { return tenantId; }
  public void setTenantId(String tenantId) { this.tenantId = tenantId; }
  public List<Role> getRoles() { return roles; }
  public void setRoles(List<Role> roles) { this.roles = roles; }

  @JsonIgnore
  public List<Action> getActions() { return actions; }
  public void setActions(List<Action> actions) { this.actions = actions; }
}
