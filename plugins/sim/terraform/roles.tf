# IAM-style roles the commons' service accounts assume (IRSA), named as the AWS plugin names them:
# <name>-<namespace>-<role>, trusting service accounts of <namespace> only. The role keys come from
# plugins/sim/src/simulatedRoles.ts (role_names); the simulated Argo CD checks every role a service account
# names against role_arns. Only names and ARNs are simulated.

resource "terraform_data" "role" {
  for_each = local.role_names

  input = {
    simulated         = true
    name              = "${var.name}-${local.namespace}-${replace(each.key, "_", "-")}"
    arn               = "arn:sim:iam::000000000000:role/${var.name}-${local.namespace}-${replace(each.key, "_", "-")}"
    trusted_namespace = local.namespace
    oidc_provider_arn = local.oidc_provider_arn
  }
  depends_on = [terraform_data.oidc_provider]

  provisioner "local-exec" {
    command = local.commands["terraform_data.role[\"${each.key}\"]"]
  }
}

variable "namespace" {
  description = "The Kubernetes namespace of the commons (CSOC sets the commons name); roles trust it, secrets are named under <name>-<namespace>-."
  type        = string
  default     = ""
  validation {
    condition     = var.namespace == "" || can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS label (lower-case letters, digits and dashes)."
  }
}

variable "role_names" {
  description = "Role keys (fence, ssjdispatcher_job, ...), each becomes the role <name>-<namespace>-<key with dashes>."
  type        = list(string)
  default     = []
}
