# Input variables. Each one except the last group is a manifest input: the input property name in
# camelCase becomes the variable name in snake_case (vpcCidr -> vpc_cidr); values of map inputs
# (tags) are passed as they are. The validation blocks repeat the manifest's JSON Schema checks (and
# add the cross-field ones JSON Schema cannot express) so a bad value stops `terraform plan` before
# any AWS call, with the variable named in the message.

# --- Identity of the commons -------------------------------------------------------------------

variable "environment" {
  description = "Commons environment name: the EKS cluster name and the prefix of every resource name."
  type        = string

  validation {
    # 14 characters: the OpenSearch domain "<environment>-gen3-metadata" may have at most 28.
    condition     = can(regex("^[a-z][a-z0-9-]{1,12}[a-z0-9]$", var.environment)) && !strcontains(var.environment, "--")
    error_message = "environment must be 3-14 characters of lowercase letters, digits and single hyphens, start with a letter and end with a letter or digit (it prefixes AWS names with strict limits, e.g. the OpenSearch domain <environment>-gen3-metadata, 28 characters at most)."
  }
}

variable "namespace" {
  description = "Kubernetes namespace the Gen3 chart is installed in (part of role, secret and queue names)."
  type        = string
  default     = "gen3"

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a Kubernetes namespace name of 1-30 characters (lowercase letters, digits, hyphens; starts with a letter, ends with a letter or digit)."
  }
}

variable "region" {
  description = "AWS region, e.g. us-east-1."
  type        = string

  validation {
    condition     = can(regex("^(af|ap|ca|eu|il|me|mx|sa|us)-(gov-)?(central|north|northeast|northwest|south|southeast|southwest|east|west)-[1-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1 or eu-west-2."
  }
}

variable "account_id" {
  description = "AWS account id the commons must live in; the provider refuses any other account."
  type        = string
  default     = null

  validation {
    condition     = var.account_id == null || can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}

  validation {
    condition     = length(var.tags) <= 40 && alltrue([for k, v in var.tags : length(k) >= 1 && length(k) <= 128 && length(v) <= 256 && !startswith(lower(k), "aws:")])
    error_message = "tags may hold at most 40 entries; keys 1-128 characters not starting with aws:, values at most 256 characters."
  }
}

# --- Network -----------------------------------------------------------------------------------

variable "availability_zones" {
  description = "The three availability zones to use; default: <region>a, <region>b, <region>c."
  type        = list(string)
  default     = null

  validation {
    condition     = var.availability_zones == null || try(length(var.availability_zones) == 3 && length(distinct(var.availability_zones)) == 3, false)
    error_message = "availability_zones must list exactly three different availability zones."
  }

  validation {
    condition     = var.availability_zones == null || try(alltrue([for az in var.availability_zones : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[1-9][a-z]$", az)) && startswith(az, var.region)]), false)
    error_message = "availability_zones must be zone names of the chosen region, e.g. us-east-1a for us-east-1."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the new VPC (/16 to /22). Private subnets take the first three quarters, public subnets three sixteenths."
  type        = string
  default     = "10.0.0.0/20"

  validation {
    condition     = can(regex("^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(1[6-9]|2[0-2])$", var.vpc_cidr)) && try(cidrsubnet(var.vpc_cidr, 0, 0) == var.vpc_cidr, false)
    error_message = "vpc_cidr must be an IPv4 network address with a prefix from /16 to /22, e.g. 10.0.0.0/20 (no host bits set)."
  }
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway per availability zone (survives a zone outage) instead of one shared NAT gateway."
  type        = bool
  default     = false
}

variable "existing_vpc_id" {
  description = "Use this existing VPC instead of creating one (its subnets need a route to the internet through NAT)."
  type        = string
  default     = null

  validation {
    condition     = var.existing_vpc_id == null || can(regex("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", var.existing_vpc_id))
    error_message = "existing_vpc_id must be a VPC id such as vpc-0123456789abcdef0."
  }

  validation {
    condition     = (var.existing_vpc_id == null) == (var.existing_private_subnet_ids == null)
    error_message = "existing_vpc_id and existing_private_subnet_ids must be given together."
  }
}

variable "existing_private_subnet_ids" {
  description = "Three private subnets of the existing VPC, one per availability zone."
  type        = list(string)
  default     = null

  validation {
    condition     = var.existing_private_subnet_ids == null || try(length(var.existing_private_subnet_ids) == 3 && length(distinct(var.existing_private_subnet_ids)) == 3 && alltrue([for s in var.existing_private_subnet_ids : can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", s))]), false)
    error_message = "existing_private_subnet_ids must list exactly three different subnet ids such as subnet-0123456789abcdef0."
  }
}

variable "existing_public_subnet_ids" {
  description = "Public subnets of the existing VPC for internet-facing load balancers (optional)."
  type        = list(string)
  default     = null

  validation {
    condition     = var.existing_public_subnet_ids == null || try(length(var.existing_public_subnet_ids) <= 6 && alltrue([for s in var.existing_public_subnet_ids : can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", s))]), false)
    error_message = "existing_public_subnet_ids must list at most six subnet ids such as subnet-0123456789abcdef0."
  }

  validation {
    condition     = var.existing_public_subnet_ids == null || var.existing_vpc_id != null
    error_message = "existing_public_subnet_ids needs existing_vpc_id."
  }
}

# --- Kubernetes --------------------------------------------------------------------------------

variable "kubernetes_version" {
  description = "EKS Kubernetes version."
  type        = string
  default     = "1.33"

  validation {
    condition     = can(regex("^1\\.(2[89]|3[0-9])$", var.kubernetes_version))
    error_message = "kubernetes_version must be an EKS version such as 1.33 (1.28 or later)."
  }
}

variable "cluster_endpoint_public_access" {
  description = "Expose the Kubernetes API endpoint on the internet, to cluster_public_access_cidrs only. Off by default: the API is reached from inside the VPC (or through a peered network) unless the operator names who may reach it."
  type        = bool
  default     = false

  validation {
    condition     = var.cluster_endpoint_public_access || var.cluster_endpoint_private_access
    error_message = "cluster_endpoint_public_access and cluster_endpoint_private_access cannot both be false."
  }

  validation {
    condition     = !var.cluster_endpoint_public_access || length(var.cluster_public_access_cidrs) >= 1
    error_message = "cluster_endpoint_public_access needs cluster_public_access_cidrs: list the networks allowed to reach the Kubernetes API (e.g. the CSOC's egress address as 198.51.100.17/32); the endpoint is never open to the whole internet."
  }
}

variable "cluster_endpoint_private_access" {
  description = "Expose the Kubernetes API endpoint inside the VPC."
  type        = bool
  default     = true
}

variable "cluster_public_access_cidrs" {
  description = "IPv4 CIDRs allowed to reach the public Kubernetes API endpoint (never 0.0.0.0/0)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.cluster_public_access_cidrs) <= 40 && alltrue([for c in var.cluster_public_access_cidrs : can(regex("^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/([1-9]|[12][0-9]|3[0-2])$", c)) && try(cidrsubnet(c, 0, 0) == c, false)])
    error_message = "cluster_public_access_cidrs must list at most 40 IPv4 network addresses such as 203.0.113.0/24, none of them /0 (the Kubernetes API is never open to the whole internet)."
  }
}

variable "cluster_admin_principal_arns" {
  description = "IAM roles or users granted cluster-admin through EKS access entries (besides the creator)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.cluster_admin_principal_arns : can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$", a))])
    error_message = "cluster_admin_principal_arns must be IAM role or user ARNs."
  }
}

variable "argocd_principal_arn" {
  description = "The IAM role (or user) the central Argo CD runs as; it may assume <environment>-argocd, which an EKS access entry grants the cluster. Empty: no such role (argocd_role_arn is null)."
  type        = string
  default     = ""

  validation {
    condition     = var.argocd_principal_arn == "" || can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$", var.argocd_principal_arn))
    error_message = "argocd_principal_arn must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>), or empty."
  }
}

variable "node_instance_types" {
  description = "EC2 instance types of the managed node group (one architecture)."
  type        = list(string)
  default     = ["m6i.xlarge"]

  validation {
    condition     = length(var.node_instance_types) >= 1 && length(var.node_instance_types) <= 20 && alltrue([for t in var.node_instance_types : can(regex("^[a-z][a-z0-9-]*[0-9][a-z0-9-]*\\.(nano|micro|small|medium|large|[0-9]*xlarge|metal(-[0-9]+xl)?)$", t))])
    error_message = "node_instance_types must list 1-20 EC2 instance types such as m6i.xlarge."
  }

  validation {
    condition     = length(distinct([for t in var.node_instance_types : can(regex("^[a-z]+[0-9]+g[a-z]*\\.", t))])) == 1
    error_message = "node_instance_types must all be Graviton (arm64, e.g. m7g.xlarge) or all x86_64 (e.g. m6i.xlarge)."
  }
}

variable "node_capacity_type" {
  description = "ON_DEMAND or SPOT for the managed node group."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.node_capacity_type)
    error_message = "node_capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "node_min_size" {
  description = "Minimum number of nodes in the managed node group."
  type        = number
  default     = 2

  validation {
    condition     = var.node_min_size >= 0 && var.node_min_size <= 100 && floor(var.node_min_size) == var.node_min_size
    error_message = "node_min_size must be a whole number from 0 to 100."
  }
}

variable "node_max_size" {
  description = "Maximum number of nodes in the managed node group."
  type        = number
  default     = 6

  validation {
    condition     = var.node_max_size >= 1 && var.node_max_size <= 100 && floor(var.node_max_size) == var.node_max_size && var.node_max_size >= var.node_min_size
    error_message = "node_max_size must be a whole number from 1 to 100 and at least node_min_size."
  }
}

variable "node_desired_size" {
  description = "Initial number of nodes in the managed node group."
  type        = number
  default     = 2

  validation {
    condition     = floor(var.node_desired_size) == var.node_desired_size && var.node_desired_size >= var.node_min_size && var.node_desired_size <= var.node_max_size
    error_message = "node_desired_size must be a whole number between node_min_size and node_max_size."
  }
}

variable "node_disk_size_gib" {
  description = "Root volume size of each node (gp3, encrypted)."
  type        = number
  default     = 50

  validation {
    condition     = var.node_disk_size_gib >= 20 && var.node_disk_size_gib <= 1000 && floor(var.node_disk_size_gib) == var.node_disk_size_gib
    error_message = "node_disk_size_gib must be a whole number from 20 to 1000."
  }
}

variable "karpenter_enabled" {
  description = "Create the AWS side of Karpenter (controller role, node role, interruption queue, discovery tags). Karpenter itself is installed by the cluster add-ons."
  type        = bool
  default     = false
}

variable "eks_addon_versions" {
  description = "Version of each EKS add-on (vpc-cni, kube-proxy, coredns, aws-ebs-csi-driver, eks-pod-identity-agent), e.g. {\"coredns\": \"v1.12.1-eksbuild.2\"}. Add-ons left out take the version this module pins for kubernetes_version; a Kubernetes version it pins nothing for needs all five (aws eks describe-addon-versions lists them)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for name, version in var.eks_addon_versions : contains(["vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver", "eks-pod-identity-agent"], name) && can(regex("^v[0-9]+\\.[0-9]+\\.[0-9]+-eksbuild\\.[0-9]+$", version))])
    error_message = "eks_addon_versions may only name vpc-cni, kube-proxy, coredns, aws-ebs-csi-driver and eks-pod-identity-agent, each with an EKS add-on version such as v1.12.1-eksbuild.2."
  }

  validation {
    condition     = length(setsubtract(["vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver", "eks-pod-identity-agent"], keys(merge(lookup(local.eks_addon_version_pins, var.kubernetes_version, {}), var.eks_addon_versions)))) == 0
    error_message = "eks_addon_versions must give a version for every add-on (vpc-cni, kube-proxy, coredns, aws-ebs-csi-driver, eks-pod-identity-agent) when kubernetes_version is not 1.33: this module pins add-on versions for 1.33 only (aws eks describe-addon-versions --kubernetes-version <version> lists them)."
  }
}

# --- Database ----------------------------------------------------------------------------------

variable "aurora_engine_version" {
  description = "Aurora PostgreSQL engine version (Serverless v2 capable)."
  type        = string
  default     = "16.6"

  validation {
    condition     = can(regex("^1[3-7]\\.[0-9]{1,2}$", var.aurora_engine_version))
    error_message = "aurora_engine_version must be an Aurora PostgreSQL version such as 16.6 (13 to 17)."
  }
}

variable "aurora_min_capacity" {
  description = "Minimum Aurora capacity units (ACU) per instance, in steps of 0.5."
  type        = number
  default     = 0.5

  validation {
    condition     = var.aurora_min_capacity >= 0.5 && var.aurora_min_capacity <= 256 && floor(var.aurora_min_capacity * 2) == var.aurora_min_capacity * 2
    error_message = "aurora_min_capacity must be from 0.5 to 256 in steps of 0.5."
  }
}

variable "aurora_max_capacity" {
  description = "Maximum Aurora capacity units (ACU) per instance, in steps of 0.5."
  type        = number
  default     = 4

  validation {
    condition     = var.aurora_max_capacity >= 1 && var.aurora_max_capacity <= 256 && floor(var.aurora_max_capacity * 2) == var.aurora_max_capacity * 2 && var.aurora_max_capacity >= var.aurora_min_capacity
    error_message = "aurora_max_capacity must be from 1 to 256 in steps of 0.5 and at least aurora_min_capacity."
  }
}

variable "aurora_instance_count" {
  description = "Aurora instances: one writer plus readers in other zones."
  type        = number
  default     = 1

  validation {
    condition     = contains([1, 2, 3], var.aurora_instance_count)
    error_message = "aurora_instance_count must be 1, 2 or 3."
  }
}

variable "aurora_backup_retention_days" {
  description = "Days of automated Aurora backups."
  type        = number
  default     = 7

  validation {
    condition     = var.aurora_backup_retention_days >= 1 && var.aurora_backup_retention_days <= 35 && floor(var.aurora_backup_retention_days) == var.aurora_backup_retention_days
    error_message = "aurora_backup_retention_days must be a whole number from 1 to 35."
  }
}

variable "aurora_deletion_protection" {
  description = "Refuse to delete the Aurora cluster (turn off before destroying a commons)."
  type        = bool
  default     = true
}

variable "aurora_skip_final_snapshot" {
  description = "Destroy the Aurora cluster without a final snapshot (dev commons only)."
  type        = bool
  default     = false
}

variable "database_services" {
  description = "Gen3 services that get a database credential secret <environment>-<namespace>-<service>-creds."
  type        = list(string)
  default     = ["arborist", "audit", "fence", "indexd", "metadata", "peregrine", "requestor", "sheepdog", "wts"]

  validation {
    condition     = length(var.database_services) == length(distinct(var.database_services)) && alltrue([for s in var.database_services : contains(["arborist", "argo-wrapper", "audit", "cohort-middleware", "fence", "gen3-user-data-library", "gen3-workflow", "indexd", "metadata", "peregrine", "requestor", "sheepdog", "wts"], s)])
    error_message = "database_services must list distinct Gen3 services that use PostgreSQL (arborist, argo-wrapper, audit, cohort-middleware, fence, gen3-user-data-library, gen3-workflow, indexd, metadata, peregrine, requestor, sheepdog, wts)."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted Secrets Manager secret can be restored (0 deletes at once, so a dev commons can be recreated with the same names)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30 && floor(var.secret_recovery_window_days) == var.secret_recovery_window_days)
    error_message = "secret_recovery_window_days must be 0 or a whole number from 7 to 30."
  }
}

# --- Search ------------------------------------------------------------------------------------

variable "opensearch_engine_version" {
  description = "Engine of the search domain: Elasticsearch_7.10 (what Gen3's ETL and Guppy are built and tested against) or OpenSearch_2.x, which always runs in compatibility mode (it reports version 7.10 so Gen3's Elasticsearch 7 clients connect). See docs/adr/0026."
  type        = string
  default     = "Elasticsearch_7.10"

  validation {
    condition     = can(regex("^(Elasticsearch_7\\.10|OpenSearch_2\\.[0-9]{1,2})$", var.opensearch_engine_version))
    error_message = "opensearch_engine_version must be Elasticsearch_7.10 or OpenSearch_2.x (e.g. OpenSearch_2.17); Gen3 needs the Elasticsearch 7 API, which OpenSearch 2 serves in compatibility mode."
  }
}

variable "opensearch_instance_type" {
  description = "OpenSearch data node instance type (must support encryption at rest: not t2 or t3.small)."
  type        = string
  default     = "t3.medium.search"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*[0-9][a-z0-9-]*\\.(nano|micro|small|medium|large|[0-9]*xlarge)\\.search$", var.opensearch_instance_type)) && !can(regex("^(t2\\.|t3\\.(nano|micro|small)\\.)", var.opensearch_instance_type))
    error_message = "opensearch_instance_type must be an OpenSearch instance type such as r6g.large.search that supports encryption at rest (not t2.* or t3.small.search)."
  }
}

variable "opensearch_instance_count" {
  description = "OpenSearch data nodes: 1, an even number (two zones) or a multiple of three (three zones)."
  type        = number
  default     = 1

  validation {
    condition     = var.opensearch_instance_count >= 1 && var.opensearch_instance_count <= 12 && floor(var.opensearch_instance_count) == var.opensearch_instance_count && (var.opensearch_instance_count == 1 || var.opensearch_instance_count % 2 == 0 || var.opensearch_instance_count % 3 == 0)
    error_message = "opensearch_instance_count must be 1, an even number or a multiple of three, at most 12."
  }
}

variable "opensearch_volume_size_gib" {
  description = "gp3 volume per OpenSearch data node."
  type        = number
  default     = 20

  validation {
    condition     = var.opensearch_volume_size_gib >= 10 && var.opensearch_volume_size_gib <= 1024 && floor(var.opensearch_volume_size_gib) == var.opensearch_volume_size_gib
    error_message = "opensearch_volume_size_gib must be a whole number from 10 to 1024."
  }
}

variable "create_opensearch_service_linked_role" {
  description = "Create the AWSServiceRoleForAmazonOpenSearchService role (only in an account that has never had a VPC OpenSearch domain)."
  type        = bool
  default     = false
}

# --- Storage and queues ------------------------------------------------------------------------

variable "bucket_prefix" {
  description = "Prefix of the bucket names (<prefix>-data-bucket, -logs-bucket, -manifest-bucket, -useryaml-bucket); default: the environment. S3 names are global: pick one nobody else uses."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_prefix == null || (can(regex("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$", var.bucket_prefix)) && !can(regex("^(xn--|sthree-|amzn-s3-demo-)", var.bucket_prefix)))
    error_message = "bucket_prefix must be 3-40 characters of lowercase letters, digits and hyphens, start and end with a letter or digit, and not start with xn--, sthree- or amzn-s3-demo-."
  }
}

variable "bucket_force_destroy" {
  description = "Let destroy delete buckets that still hold objects (dev commons only)."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the CloudWatch log groups (EKS control plane, WAF)."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the CloudWatch Logs retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

# --- Edge: WAF, certificate, DNS ---------------------------------------------------------------

variable "waf_enabled" {
  description = "Create a WAFv2 web ACL (AWS managed rules and a rate limit) for the commons' load balancer."
  type        = bool
  default     = false
}

variable "waf_rate_limit" {
  description = "Requests per client IP per five minutes to the login paths (waf_rate_limited_paths) before the WAF blocks that IP there."
  type        = number
  default     = 2000

  validation {
    condition     = var.waf_rate_limit >= 100 && var.waf_rate_limit <= 2000000000 && floor(var.waf_rate_limit) == var.waf_rate_limit
    error_message = "waf_rate_limit must be a whole number from 100 to 2000000000."
  }
}

variable "waf_rate_limited_paths" {
  description = "URI path prefixes the per-IP rate limit applies to: the login and token endpoints. Everything else (bulk downloads through presigned URLs, GraphQL, the portal) is never rate-limited by the WAF."
  type        = list(string)
  default     = ["/user/login", "/user/oauth2", "/user/credentials/api/access_token", "/login"]

  validation {
    condition     = length(var.waf_rate_limited_paths) >= 1 && length(var.waf_rate_limited_paths) <= 10 && length(join("|", var.waf_rate_limited_paths)) <= 190 && alltrue([for p in var.waf_rate_limited_paths : can(regex("^/[A-Za-z0-9/_-]*$", p))])
    error_message = "waf_rate_limited_paths must list 1-10 path prefixes starting with / (letters, digits, /, _ and - only), 190 characters together at most."
  }
}

variable "waf_managed_rules_action" {
  description = "What the AWS managed rule groups do with a match: count (log only, the default, so a false positive never blocks a Gen3 client; switch to block after reviewing the WAF logs) or block."
  type        = string
  default     = "count"

  validation {
    condition     = contains(["count", "block"], var.waf_managed_rules_action)
    error_message = "waf_managed_rules_action must be count or block."
  }
}

variable "hostname" {
  description = "Public hostname of the commons, e.g. data.example.org."
  type        = string
  default     = null

  validation {
    condition     = var.hostname == null || (can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", var.hostname)) && try(length(var.hostname) <= 253, false))
    error_message = "hostname must be a lowercase fully qualified domain name such as data.example.org."
  }
}

variable "route53_zone_id" {
  description = "Route53 hosted zone holding hostname: when set, an ACM certificate is issued and validated through it."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ."
  }

  validation {
    condition     = var.route53_zone_id == null || var.hostname != null
    error_message = "route53_zone_id needs hostname."
  }
}

variable "load_balancer_dns_name" {
  description = "DNS name of the load balancer created by the ingress; when set (with route53_zone_id), hostname gets a CNAME to it."
  type        = string
  default     = null

  validation {
    condition     = var.load_balancer_dns_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.load_balancer_dns_name))
    error_message = "load_balancer_dns_name must be a DNS name such as k8s-gen3-0123456789.us-east-1.elb.amazonaws.com."
  }

  validation {
    condition     = var.load_balancer_dns_name == null || var.route53_zone_id != null
    error_message = "load_balancer_dns_name needs route53_zone_id."
  }
}

# --- Set by the CSOC driver, not manifest inputs -----------------------------------------------

variable "assume_role_arn" {
  description = "Role in the customer's account to assume (from the cloud account credential; TF_VAR_assume_role_arn)."
  type        = string
  default     = null

  validation {
    condition     = var.assume_role_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", var.assume_role_arn))
    error_message = "assume_role_arn must be an IAM role ARN."
  }
}

variable "assume_role_external_id" {
  description = "External id the customer's role trust policy requires (TF_VAR_assume_role_external_id)."
  type        = string
  default     = null
  sensitive   = true
}

variable "plan_offline" {
  description = "Plan without any AWS API call (skip credential, account and region checks). Tests and air-gapped previews only; never for apply."
  type        = bool
  default     = false
}
