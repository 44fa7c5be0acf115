# Set by the plugin (src/toTerraformVariables.ts) from the validated inputs and the cloud account. No secret
# reaches a variable: the kubeconfig stays in the plugin, the database password in a Kubernetes Secret.

variable "cluster_name" {
  type        = string
  description = "Name of the cluster (the environment); prefixes the names of the commons secrets."
  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.cluster_name))
    error_message = "cluster_name must be a lowercase DNS label."
  }
}

variable "namespace" {
  type        = string
  description = "Kubernetes namespace Gen3 is deployed to (the commons name)."
}

variable "secrets_namespace" {
  type        = string
  description = "Namespace holding the commons secrets the SecretStore reads."
}

variable "api_server" {
  type        = string
  description = "API server URL of the cluster (the cloud account's public server)."
}

variable "postgres" {
  type = object({
    host       = string
    port       = number
    admin_user = string
    admin_password_secret = object({
      name = string
      key  = string
    })
  })
  description = "External PostgreSQL; the admin password is a key of a Secret in secrets_namespace, never a variable."
}

variable "search_endpoint" {
  type        = string
  description = "Elasticsearch 7 URL."
}

variable "ingress_class_name" {
  type        = string
  description = "IngressClass of the revproxy Ingress."
}

variable "cluster_issuer" {
  type        = string
  default     = null
  description = "cert-manager ClusterIssuer of the commons certificate, or null."
}

variable "buckets" {
  type = object({
    data      = string
    logs      = optional(string)
    manifest  = optional(string)
    user_yaml = optional(string)
  })
  default     = null
  description = "S3-compatible buckets that exist already, or null."
}

variable "access_check" {
  type = object({
    identity    = string
    permissions = number
  })
  description = "What the plugin's SelfSubjectAccessReview check verified before this run: the kubeconfig user and how many permissions."
}
