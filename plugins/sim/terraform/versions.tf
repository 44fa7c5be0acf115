# CSOC simulated cloud: a Gen3 commons topology built from terraform_data resources only.
# Nothing here talks to a cloud; every resource and output is labelled simulated.
terraform {
  required_version = ">= 1.6.0"
}
