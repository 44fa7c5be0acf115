# IAM roles for service accounts (IRSA): the cluster's OIDC provider, and one role per Gen3 service or
# cluster add-on that calls AWS, each trusted only by its own Kubernetes service account and allowed
# only on this commons' resources. The renderer writes the service-account names and role ARNs from
# the role_arns and service_accounts outputs into the Helm values.
resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.main.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
  # No thumbprint: IAM trusts the EKS OIDC endpoint's public CA itself (thumbprint_list is optional).

  tags = { Name = "${local.name}-eks-irsa" }
}

locals {
  oidc_issuer_host = replace(aws_eks_cluster.main.identity[0].oidc[0].issuer, "https://", "")

  # role key (as in the role_arns output) => role name and the one service account that may assume it.
  irsa_roles = merge(
    {
      fence                    = { name = "${local.name}-${var.namespace}-fence", namespace = var.namespace, service_account = "fence-sa" }
      audit                    = { name = "${local.name}-${var.namespace}-audit", namespace = var.namespace, service_account = "audit-service-sa" }
      hatchery                 = { name = "${local.name}-${var.namespace}-hatchery", namespace = var.namespace, service_account = "hatchery-sa" }
      manifestservice          = { name = "${local.name}-${var.namespace}-manifestservice", namespace = var.namespace, service_account = "manifestservice-sa" }
      ssjdispatcher            = { name = "${local.name}-${var.namespace}-ssjdispatcher", namespace = var.namespace, service_account = "ssjdispatcher-sa" }
      aws_es_proxy             = { name = "${local.name}-${var.namespace}-aws-es-proxy", namespace = var.namespace, service_account = "aws-es-proxy-sa" }
      external_secrets         = { name = "${local.name}-${var.namespace}-external-secrets", namespace = var.namespace, service_account = "secret-store-sa" }
      load_balancer_controller = { name = "${local.name}-aws-lb-controller", namespace = "kube-system", service_account = "aws-load-balancer-controller" }
      ebs_csi_driver           = { name = "${local.name}-ebs-csi-driver", namespace = "kube-system", service_account = "ebs-csi-controller-sa" }
    },
    var.karpenter_enabled ? {
      karpenter = { name = "${local.name}-karpenter", namespace = "karpenter", service_account = "karpenter" }
    } : {},
  )

  irsa_inline_policies = merge(
    {
      fence                    = data.aws_iam_policy_document.fence.json
      audit                    = data.aws_iam_policy_document.audit.json
      hatchery                 = data.aws_iam_policy_document.hatchery.json
      manifestservice          = data.aws_iam_policy_document.manifestservice.json
      ssjdispatcher            = data.aws_iam_policy_document.ssjdispatcher.json
      aws_es_proxy             = data.aws_iam_policy_document.aws_es_proxy.json
      external_secrets         = data.aws_iam_policy_document.external_secrets.json
      load_balancer_controller = data.aws_iam_policy_document.load_balancer_controller.json
    },
    var.karpenter_enabled ? { karpenter = data.aws_iam_policy_document.karpenter_controller[0].json } : {},
  )
}

data "aws_iam_policy_document" "irsa_trust" {
  for_each = local.irsa_roles

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer_host}:sub"
      values   = ["system:serviceaccount:${each.value.namespace}:${each.value.service_account}"]
    }
  }
}

resource "aws_iam_role" "irsa" {
  for_each = local.irsa_roles

  name               = each.value.name
  description        = "IRSA role of ${each.value.namespace}/${each.value.service_account} in commons ${local.name}"
  assume_role_policy = data.aws_iam_policy_document.irsa_trust[each.key].json
}

resource "aws_iam_role_policy" "irsa" {
  for_each = local.irsa_inline_policies

  name   = "${each.key}-access"
  role   = aws_iam_role.irsa[each.key].id
  policy = each.value
}

resource "aws_iam_role_policy_attachment" "ebs_csi" {
  role       = aws_iam_role.irsa["ebs_csi_driver"].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

# --- Gen3 service policies ---------------------------------------------------------------------

data "aws_iam_policy_document" "fence" {
  statement {
    sid       = "DataBucketObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${aws_s3_bucket.main["data"].arn}/*"]
  }
  statement {
    sid       = "DataBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
    resources = [aws_s3_bucket.main["data"].arn]
  }
  statement {
    sid       = "SendAuditEvents"
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.main["audit"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.main.arn]
  }
}

data "aws_iam_policy_document" "audit" {
  statement {
    sid       = "ReadAuditEvents"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.main["audit"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

# Workspaces read manifests; pay-model permissions (ECS, roles in other accounts) are not granted.
data "aws_iam_policy_document" "hatchery" {
  statement {
    sid       = "ReadManifests"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.main["manifest"].arn}/*"]
  }
  statement {
    sid       = "ListManifests"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.main["manifest"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

data "aws_iam_policy_document" "manifestservice" {
  statement {
    sid       = "ManifestObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.main["manifest"].arn}/*"]
  }
  statement {
    sid       = "ManifestBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.main["manifest"].arn]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.main.arn]
  }
}

data "aws_iam_policy_document" "ssjdispatcher" {
  statement {
    sid       = "ReadUploadEvents"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.main["ssjdispatcher"].arn]
  }
  statement {
    sid       = "ReadUploadedObjects"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.main["data"].arn, "${aws_s3_bucket.main["data"].arn}/*"]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

data "aws_iam_policy_document" "aws_es_proxy" {
  statement {
    sid       = "SearchDomain"
    actions   = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete", "es:ESHttpPatch"]
    resources = ["${aws_opensearch_domain.main.arn}/*"]
  }
}

# Read-only on this commons' secrets (all named "<environment>-..."); it cannot write or list others.
data "aws_iam_policy_document" "external_secrets" {
  statement {
    sid       = "ReadCommonsSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds", "secretsmanager:GetResourcePolicy"]
    resources = ["arn:${local.partition}:secretsmanager:${var.region}:${local.account_id}:secret:${local.name}-*"]
  }
  statement {
    sid       = "CommonsKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]
  }
}

# --- AWS Load Balancer Controller --------------------------------------------------------------
# What the controller (v2.x) calls, written for this module: reads are unrestricted, changes are
# limited to load balancers, target groups and security groups carrying its cluster tag.
data "aws_iam_policy_document" "load_balancer_controller" {
  statement {
    sid       = "CreateElbServiceLinkedRole"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["elasticloadbalancing.amazonaws.com"]
    }
  }

  statement {
    sid = "Describe"
    actions = [
      "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones",
      "ec2:DescribeInternetGateways", "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeInstances",
      "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:DescribeCoipPools",
      "ec2:DescribeIpamPools", "ec2:DescribeRouteTables", "ec2:GetCoipPoolUsage",
      "ec2:GetSecurityGroupsForVpc",
      "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
      "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeSSLPolicies",
      "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTrustStores",
      "elasticloadbalancing:DescribeCapacityReservation",
    ]
    resources = ["*"]
  }

  statement {
    sid = "CertificatesWafShield"
    actions = [
      "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate",
      "iam:ListServerCertificates", "iam:GetServerCertificate",
      "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
      "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
      "shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "SecurityGroups"
    actions   = ["ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]
    resources = ["*"]
  }

  statement {
    sid       = "TagNewSecurityGroups"
    actions   = ["ec2:CreateTags"]
    resources = ["arn:${local.partition}:ec2:*:*:security-group/*"]
    condition {
      test     = "StringEquals"
      variable = "ec2:CreateAction"
      values   = ["CreateSecurityGroup"]
    }
    condition {
      test     = "Null"
      variable = "aws:RequestTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid       = "ManageOwnSecurityGroups"
    actions   = ["ec2:CreateTags", "ec2:DeleteTags", "ec2:DeleteSecurityGroup"]
    resources = ["arn:${local.partition}:ec2:*:*:security-group/*"]
    condition {
      test     = "Null"
      variable = "aws:ResourceTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid       = "CreateTaggedLoadBalancers"
    actions   = ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"]
    resources = ["*"]
    condition {
      test     = "Null"
      variable = "aws:RequestTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid = "ListenersAndRules"
    actions = [
      "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
      "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
      "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes",
      "elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
      "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities", "elasticloadbalancing:SetWebAcl",
    ]
    resources = ["*"]
  }

  statement {
    sid     = "TagOnCreate"
    actions = ["elasticloadbalancing:AddTags"]
    resources = [
      "arn:${local.partition}:elasticloadbalancing:*:*:targetgroup/*/*",
      "arn:${local.partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*",
      "arn:${local.partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*",
    ]
    condition {
      test     = "StringEquals"
      variable = "elasticloadbalancing:CreateAction"
      values   = ["CreateTargetGroup", "CreateLoadBalancer"]
    }
    condition {
      test     = "Null"
      variable = "aws:RequestTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid = "ManageOwnLoadBalancers"
    actions = [
      "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
      "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType",
      "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
      "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
      "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
      "elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools",
    ]
    resources = ["*"]
    condition {
      test     = "Null"
      variable = "aws:ResourceTag/elbv2.k8s.aws/cluster"
      values   = ["false"]
    }
  }

  statement {
    sid       = "Targets"
    actions   = ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"]
    resources = ["arn:${local.partition}:elasticloadbalancing:*:*:targetgroup/*/*"]
  }
}
