"""template.yaml: lints clean, and once translated by SAM only our skill can invoke the function."""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "template.yaml"
FUNCTION = "SkillFunction"
TABLE = "ProgressTable"


class OfflinePolicyLoader(ManagedPolicyLoader):
    """The translator asks IAM for managed policy names only when a template uses one by name: ours must not."""

    def __init__(self) -> None:  # no IAM client: nothing here may reach AWS
        pass

    def load(self) -> dict[str, str]:
        raise AssertionError("the template names a managed policy, which needs IAM to translate")


def sam_template() -> dict:
    return yaml_parse(TEMPLATE.read_text())


def translate(template: dict) -> dict:
    """CloudFormation as the SAM transform would produce it, computed offline."""
    template = copy.deepcopy(template)
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://bucket/key"  # a local folder needs `sam package`
    return transform(template, {}, OfflinePolicyLoader())


def resources_of_type(template: dict, kind: str) -> dict[str, dict]:
    return {name: res for name, res in template["Resources"].items() if res["Type"] == kind}


def only_our_skill_may_invoke(cloudformation: dict) -> bool:
    """Every Lambda permission is tied to our skill id: without a token any skill could call us."""
    permissions = resources_of_type(cloudformation, "AWS::Lambda::Permission").values()
    return bool(permissions) and all(
        p["Properties"].get("EventSourceToken") == {"Ref": "AlexaSkillId"} for p in permissions)


@pytest.fixture(autouse=True)
def region(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture(scope="module")
def cloudformation() -> dict:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        return translate(sam_template())


def cfn_lint_command() -> list[str]:
    """The cfn-lint installed beside this interpreter; the package has no `python -m cfnlint`."""
    script = Path(sys.executable).with_name("cfn-lint")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from cfnlint.runner import main; sys.exit(main())"]


def test_cfn_lint_passes():
    result = subprocess.run([*cfn_lint_command(), "--regions", "us-east-1", "--", str(TEMPLATE)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_alexa_trigger_carries_our_skill_id(cloudformation):
    permissions = resources_of_type(cloudformation, "AWS::Lambda::Permission")
    assert [p["Properties"]["Principal"] for p in permissions.values()] == ["alexa-appkit.amazon.com"]
    assert only_our_skill_may_invoke(cloudformation)


def test_the_check_fails_when_skill_id_sits_beside_type():
    template = sam_template()
    event = template["Resources"][FUNCTION]["Properties"]["Events"]["Alexa"]
    event["SkillId"] = event.pop("Properties")["SkillId"]  # the mistake DESIGN.md §3 warns about
    assert not only_our_skill_may_invoke(translate(template))


def test_the_function_runs_python_3_12_on_x86_64(cloudformation):
    function = cloudformation["Resources"][FUNCTION]["Properties"]
    assert function["Runtime"] == "python3.12"
    assert function["Architectures"] == ["x86_64"]
    assert function["Handler"] == "skill.lambda_function.handler"
    assert (function["MemorySize"], function["Timeout"]) == (512, 8)


def test_the_function_is_told_its_table_and_skill_id(cloudformation):
    variables = cloudformation["Resources"][FUNCTION]["Properties"]["Environment"]["Variables"]
    assert variables["TRUST_DATABASE"] == {"Fn::Sub": "dynamodb://${%s}" % TABLE}
    assert variables["TRUST_SKILL_ID"] == {"Ref": "AlexaSkillId"}


def test_the_table_is_on_demand_encrypted_recoverable_and_kept(cloudformation):
    table = cloudformation["Resources"][TABLE]
    assert table["Type"] == "AWS::DynamoDB::Table"
    assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
    properties = table["Properties"]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert properties["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "S"}]
    assert properties["SSESpecification"] == {"SSEEnabled": True}
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


def test_the_role_may_only_get_put_and_delete_items_of_that_table(cloudformation):
    role = cloudformation["Resources"][FUNCTION + "Role"]["Properties"]
    statements = [s for policy in role["Policies"] for s in policy["PolicyDocument"]["Statement"]]
    assert statements == [{
        "Effect": "Allow",
        "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
        "Resource": {"Fn::GetAtt": [TABLE, "Arn"]},
    }]
    assert role["ManagedPolicyArns"] == ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]


def test_the_function_arn_is_an_output_for_the_alexa_console(cloudformation):
    assert {"Fn::GetAtt": [FUNCTION, "Arn"]} in [o["Value"] for o in cloudformation["Outputs"].values()]


def test_sam_build_uses_the_makefile_target_that_ships_package_and_rules():
    """`sam build` must ship rules/ beside the package (the engine reads them at start) and every dependency."""
    assert sam_template()["Resources"][FUNCTION]["Metadata"]["BuildMethod"] == "makefile"
    plan = subprocess.run(["make", "-n", f"build-{FUNCTION}", "ARTIFACTS_DIR=/artifacts"], cwd=REPO,
                          capture_output=True, text=True, check=True).stdout
    assert 'pip install --quiet --target "/artifacts" .' in plan
    assert 'cp -r rules "/artifacts/rules"' in plan
    # The start checks that every locale the manifest publishes has its safety numbers.
    assert 'cp interaction_model/skill.json "/artifacts/interaction_model/"' in plan
