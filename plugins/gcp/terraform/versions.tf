# Terraform and the one provider this module uses: hashicorp/google, pinned. No google-beta, no registry
# modules (issue 15). Terraform >= 1.11 for the write-only arguments that keep generated passwords out of
# the plan and the state (password_wo, secret_data_wo).
terraform {
  required_version = ">= 1.11.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "6.50.0"
    }
  }

  # No backend block: the CSOC driver adds its http state backend with an override file at run time.
}
