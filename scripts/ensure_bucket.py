"""Create the media bucket (and the private and anchor ones, when set apart) on the S3 server when
they do not exist yet, with versioning on the anchors' bucket (local stack only)."""

import os

import boto3
from botocore.exceptions import ClientError


def main() -> None:
    bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
    private_bucket = os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME") or bucket
    anchor_bucket = os.environ.get("PEERPATH_ANCHOR_BUCKET_NAME") or bucket
    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL"),
        region_name=os.environ.get("AWS_S3_REGION_NAME", "us-east-1"),
    )
    for name in dict.fromkeys([bucket, private_bucket, anchor_bucket]):
        try:
            client.head_bucket(Bucket=name)
        except ClientError:
            client.create_bucket(Bucket=name)
            print(f"Created bucket {name}")
    # The audit chain's anchors are kept with every version (certification/audit_anchors.py).
    client.put_bucket_versioning(
        Bucket=anchor_bucket, VersioningConfiguration={"Status": "Enabled"}
    )


if __name__ == "__main__":
    main()
