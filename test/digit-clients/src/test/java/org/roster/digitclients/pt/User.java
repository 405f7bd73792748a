package org.roster.digitclients.pt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.roster.digitclients.common.Role;

/** property-services {@code org.egov.pt.models.user.User}. Dates are Long epoch ms, createdBy a String. */
public class User {
  @JsonProperty("id") public Long id;
  @JsonProperty("uuid") public String uuid;
  @JsonProperty("userName") public String userName;
  @JsonProperty("password") public String password;
  @JsonProperty("salutation") public String salutation;
  @JsonProperty("name") public String name;
  @JsonProperty("gender") public String gender;
  @JsonProperty("mobileNumber") public String mobileNumber;
  @JsonProperty("emailId") public String emailId;
  @JsonProperty("altContactNumber") public String altContactNumber;
  @JsonProperty("pan") public String pan;
  @JsonProperty("aadhaarNumber") public String aadhaarNumber;
  @JsonProperty("permanentAddress") public String permanentAddress;
  @JsonProperty("permanentCity") public String permanentCity;
  @JsonProperty("permanentPinCode") public String permanentPincode;
  @JsonProperty("correspondenceCity") public String correspondenceCity;
  @JsonProperty("correspondencePinCode") public String correspondencePincode;
  @JsonProperty("correspondenceAddress") public String correspondenceAddress;
  @JsonProperty("active") public Boolean active;
  @JsonProperty("dob") public Long dob;
  @JsonProperty("pwdExpiryDate") public Long pwdExpiryDate;
  @JsonProperty("locale") public String locale;
  @JsonProperty("type") public String type;
  @JsonProperty("signature") public String signature;
  @JsonProperty("accountLocked") public Boolean accountLocked;
  @JsonProperty("roles") public List<Role> roles;
  @JsonProperty("fatherOrHusbandName") public String fatherOrHusbandName;
  @JsonProperty("bloodGroup") public String bloodGroup;
  @JsonProperty("identificationMark") public String identificationMark;
  @JsonProperty("photo") public String photo;
  @JsonProperty("createdBy") public String createdBy;
  @JsonProperty("createdDate") public Long createdDate;
  @JsonProperty("lastModifiedBy") public String lastModifiedBy;
  @JsonProperty("lastModifiedDate") public Long lastModifiedDate;
  @JsonProperty("tenantId") public String tenantId;
  @JsonProperty("alternatemobilenumber") public String alternatemobilenumber;
}
