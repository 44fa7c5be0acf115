# The AWS side of Karpenter (optional, karpenter_enabled): a node role with an EKS access entry, the
# controller's IRSA policy (in irsa.tf's role map), an interruption queue fed by EventBridge, and
# discovery tags (karpenter.sh/discovery = <environment>) on the private subnets and the cluster
# security group. Karpenter itself, its NodePools and EC2NodeClass are cluster add-ons.
# Named as cluster-level-resources' EC2NodeClass expects: role eks_<selectorTag>_workers_role, with the
# cluster name as selectorTag (the karpenter.sh/discovery tag value below).
resource "aws_iam_role" "karpenter_node" {
  count = var.karpenter_enabled ? 1 : 0

  name               = "eks_${local.name}_workers_role"
  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json
}

resource "aws_iam_role_policy_attachment" "karpenter_node" {
  for_each = var.karpenter_enabled ? toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"]) : toset([])

  role       = aws_iam_role.karpenter_node[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

resource "aws_eks_access_entry" "karpenter_node" {
  count = var.karpenter_enabled ? 1 : 0

  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.karpenter_node[0].arn
  type          = "EC2_LINUX"
}

resource "aws_ec2_tag" "cluster_security_group_karpenter_discovery" {
  count = var.karpenter_enabled ? 1 : 0

  resource_id = aws_eks_cluster.main.vpc_config[0].cluster_security_group_id
  key         = "karpenter.sh/discovery"
  value       = local.name
}

# EventBridge delivers to this queue, so it uses SQS-managed encryption (a customer key would need
# EventBridge in the key policy for no gain: the messages are AWS's own instance notices).
resource "aws_sqs_queue" "karpenter_interruption" {
  count = var.karpenter_enabled ? 1 : 0

  name                      = "${local.name}-karpenter-interruption"
  message_retention_seconds = 300
  sqs_managed_sse_enabled   = true
}

data "aws_iam_policy_document" "karpenter_interruption_queue" {
  count = var.karpenter_enabled ? 1 : 0

  statement {
    sid       = "EventBridgeSends"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.karpenter_interruption[0].arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "sqs.amazonaws.com"]
    }
  }
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.karpenter_interruption[0].arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "karpenter_interruption" {
  count = var.karpenter_enabled ? 1 : 0

  queue_url = aws_sqs_queue.karpenter_interruption[0].id
  policy    = data.aws_iam_policy_document.karpenter_interruption_queue[0].json
}

locals {
  karpenter_events = var.karpenter_enabled ? {
    health         = { source = "aws.health", detail_type = "AWS Health Event" }
    spot           = { source = "aws.ec2", detail_type = "EC2 Spot Instance Interruption Warning" }
    rebalance      = { source = "aws.ec2", detail_type = "EC2 Instance Rebalance Recommendation" }
    instance-state = { source = "aws.ec2", detail_type = "EC2 Instance State-change Notification" }
  } : {}
}

resource "aws_cloudwatch_event_rule" "karpenter" {
  for_each = local.karpenter_events

  name          = "${local.name}-karpenter-${each.key}"
  description   = "Karpenter interruption handling for commons ${local.name}: ${each.value.detail_type}"
  event_pattern = jsonencode({ source = [each.value.source], "detail-type" = [each.value.detail_type] })
}

resource "aws_cloudwatch_event_target" "karpenter" {
  for_each = local.karpenter_events

  rule = aws_cloudwatch_event_rule.karpenter[each.key].name
  arn  = aws_sqs_queue.karpenter_interruption[0].arn
}

# Karpenter v1 controller permissions, scoped to instances and launch templates tagged for this cluster.
data "aws_iam_policy_document" "karpenter_controller" {
  count = var.karpenter_enabled ? 1 : 0

  statement {
    sid     = "LaunchFromSharedResources"
    actions = ["ec2:RunInstances", "ec2:CreateFleet"]
    resources = [
      "arn:${local.partition}:ec2:${var.region}::image/*",
      "arn:${local.partition}:ec2:${var.region}::snapshot/*",
      "arn:${local.partition}:ec2:${var.region}:*:security-group/*",
      "arn:${local.partition}:ec2:${var.region}:*:subnet/*",
      "arn:${local.partition}:ec2:${var.region}:*:capacity-reservation/*",
    ]
  }

  statement {
    sid       = "LaunchFromOwnLaunchTemplates"
    actions   = ["ec2:RunInstances", "ec2:CreateFleet"]
    resources = ["arn:${local.partition}:ec2:${var.region}:*:launch-template/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/kubernetes.io/cluster/${local.name}"
      values   = ["owned"]
    }
  }

  statement {
    sid     = "CreateTaggedResources"
    actions = ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"]
    resources = [
      "arn:${local.partition}:ec2:${var.region}:*:fleet/*",
      "arn:${local.partition}:ec2:${var.region}:*:instance/*",
      "arn:${local.partition}:ec2:${var.region}:*:volume/*",
      "arn:${local.partition}:ec2:${var.region}:*:network-interface/*",
      "arn:${local.partition}:ec2:${var.region}:*:launch-template/*",
      "arn:${local.partition}:ec2:${var.region}:*:spot-instances-request/*",
    ]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes.io/cluster/${local.name}"
      values   = ["owned"]
    }
  }

  statement {
    sid     = "TagOnCreate"
    actions = ["ec2:CreateTags"]
    resources = [
      "arn:${local.partition}:ec2:${var.region}:*:fleet/*",
      "arn:${local.partition}:ec2:${var.region}:*:instance/*",
      "arn:${local.partition}:ec2:${var.region}:*:volume/*",
      "arn:${local.partition}:ec2:${var.region}:*:network-interface/*",
      "arn:${local.partition}:ec2:${var.region}:*:launch-template/*",
      "arn:${local.partition}:ec2:${var.region}:*:spot-instances-request/*",
    ]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes.io/cluster/${local.name}"
      values   = ["owned"]
    }
    condition {
      test     = "StringEquals"
      variable = "ec2:CreateAction"
      values   = ["RunInstances", "CreateFleet", "CreateLaunchTemplate"]
    }
  }

  statement {
    sid       = "TagOwnInstances"
    actions   = ["ec2:CreateTags"]
    resources = ["arn:${local.partition}:ec2:${var.region}:*:instance/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/kubernetes.io/cluster/${local.name}"
      values   = ["owned"]
    }
  }

  statement {
    sid     = "DeleteOwnResources"
    actions = ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"]
    resources = [
      "arn:${local.partition}:ec2:${var.region}:*:instance/*",
      "arn:${local.partition}:ec2:${var.region}:*:launch-template/*",
    ]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/kubernetes.io/cluster/${local.name}"
      values   = ["owned"]
    }
  }

  statement {
    sid = "RegionalReads"
    actions = [
      "ec2:DescribeAvailabilityZones", "ec2:DescribeImages", "ec2:DescribeInstances",
      "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates",
      "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets",
      "ec2:DescribeCapacityReservations",
    ]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = [var.region]
    }
  }

  statement {
    sid       = "AmiParameters"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:${local.partition}:ssm:${var.region}::parameter/aws/service/*"]
  }

  statement {
    sid       = "Pricing"
    actions   = ["pricing:GetProducts"]
    resources = ["*"]
  }

  statement {
    sid       = "InterruptionQueue"
    actions   = ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"]
    resources = [aws_sqs_queue.karpenter_interruption[0].arn]
  }

  statement {
    sid       = "PassNodeRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.karpenter_node[0].arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ec2.amazonaws.com"]
    }
  }

  statement {
    sid       = "CreateInstanceProfiles"
    actions   = ["iam:CreateInstanceProfile", "iam:TagInstanceProfile"]
    resources = ["arn:${local.partition}:iam::${local.account_id}:instance-profile/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes.io/cluster/${local.name}"
      values   = ["owned"]
    }
  }

  statement {
    sid = "ManageOwnInstanceProfiles"
    actions = [
      "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile",
      "iam:TagInstanceProfile",
    ]
    resources = ["arn:${local.partition}:iam::${local.account_id}:instance-profile/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/kubernetes.io/cluster/${local.name}"
      values   = ["owned"]
    }
  }

  statement {
    sid       = "ReadInstanceProfiles"
    actions   = ["iam:GetInstanceProfile", "iam:ListInstanceProfiles"]
    resources = ["*"]
  }

  statement {
    sid       = "DescribeCluster"
    actions   = ["eks:DescribeCluster"]
    resources = [aws_eks_cluster.main.arn]
  }
}
