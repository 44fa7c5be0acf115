# Inputs, shaped like a real commons. The plugin's main.ts maps the manifest inputs (camelCase) onto these.

variable "name" {
  type        = string
  description = "Commons (environment) name; prefixes every simulated resource, like gen3-terraform's vpc_name."
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", var.name))
    error_message = "name must be a DNS label: lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "region" {
  type        = string
  default     = "us-sim-1"
  description = "Simulated region; its zones are <region>a, <region>b, <region>c."
}

variable "size_tier" {
  type    = string
  default = "small"
  validation {
    condition     = contains(["small", "medium", "large"], var.size_tier)
    error_message = "size_tier must be small, medium or large."
  }
}

variable "database_tier" {
  type    = string
  default = "small"
  validation {
    condition     = contains(["small", "medium", "large"], var.database_tier)
    error_message = "database_tier must be small, medium or large."
  }
}

variable "search_enabled" {
  type    = bool
  default = true
}

variable "buckets" {
  type        = list(string)
  default     = []
  description = "Extra buckets besides data, logs and manifest; each becomes <name>-<bucket>-bucket."
}

variable "simulation" {
  type = object({
    resource_delay_seconds = optional(number, 0)
    fail_at_resource       = optional(string, "")
    fail_apply_share       = optional(number, 0)
    seed                   = optional(string, "")
    skip_resources         = optional(list(string), [])
  })
  default     = {}
  description = "Simulation knobs: a delay per resource, a resource to fail at, a share of resources to fail, roles and secrets to leave out."
}

variable "run_id" {
  type        = string
  default     = ""
  description = "The CSOC run id; the failure dice are seeded with it when simulation.seed is empty."
}
