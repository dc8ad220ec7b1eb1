"""Create the media bucket on the S3 server when it does not exist yet (local stack only)."""

import os

import boto3
from botocore.exceptions import ClientError


def main() -> None:
    bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL"),
        region_name=os.environ.get("AWS_S3_REGION_NAME", "us-east-1"),
    )
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError:
        client.create_bucket(Bucket=bucket)
        print(f"Created bucket {bucket}")


if __name__ == "__main__":
    main()
