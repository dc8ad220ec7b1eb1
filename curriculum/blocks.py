"""StreamField blocks for lessons and question banks.

Questions are blocks rather than rows so an editor writes a whole bank on one screen, every
change goes through the page's revisions and review, and each question and option keeps a
stable block id. An assessment attempt (the learning issue) snapshots the blocks it drew, ids
and all, so later edits never change what a trainee was actually shown.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from curriculum.input_limits import validate_plausible_date

LESSON_RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


# ------------------------------------------------------------------------------
# Lesson content
# ------------------------------------------------------------------------------
class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_(
            "Describe what the image shows for people who cannot see it. Required; write "
            "what matters for the lesson, not 'image of'."
        ),
    )
    caption = blocks.CharBlock(
        label=_("Caption"), required=False, max_length=250, help_text=_("Shown under the image.")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "curriculum/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Video address"),
        help_text=_("The address of the video page (YouTube, Vimeo and similar)."),
    )
    title = blocks.CharBlock(
        label=_("Title"), max_length=200, help_text=_("Names the video for screen readers.")
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        features=SHORT_RICH_TEXT_FEATURES,
        help_text=_(
            "Everything said in the video, and anything shown that matters. Required: some "
            "trainees cannot play video or hear it."
        ),
    )

    class Meta:
        icon = "media"
        label = _("Video with transcript")
        template = "curriculum/blocks/video.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("info", _("Good to know")),
            ("tip", _("Practice tip")),
            ("important", _("Important")),
        ],
        default="info",
        help_text=_("Sets the heading style; the text says the rest."),
    )
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "curriculum/blocks/callout.html"


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(
        label=_("Prompt"),
        help_text=_("A question for the trainee to think or write about. Their answer is private."),
    )

    class Meta:
        icon = "edit"
        label = _("Reflection prompt")
        template = "curriculum/blocks/reflection.html"


class LivedExperienceStoryBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Story or quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        max_length=120,
        help_text=_("How the storyteller chose to be named, e.g. 'Dana, peer specialist'."),
    )
    consent_recorded = blocks.BooleanBlock(
        label=_("Consent recorded"),
        required=True,
        help_text=_(
            "Tick to confirm the storyteller agreed, in writing, to this story being used here."
        ),
    )
    consent_date = blocks.DateBlock(
        label=_("Consent date"), help_text=_("When the storyteller gave their consent.")
    )

    def clean(self, value):
        value = super().clean(value)
        try:
            validate_plausible_date(value.get("consent_date"))
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"consent_date": error}) from error
        return value

    class Meta:
        icon = "openquote"
        label = _("Lived-experience story")
        template = "curriculum/blocks/story.html"


class ResourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200)
    description = blocks.TextBlock(
        label=_("Description"),
        required=False,
        help_text=_("What the resource is and when to use it."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Downloadable resource")
        template = "curriculum/blocks/resource.html"


# ------------------------------------------------------------------------------
# Questions: shared by the graded question bank and the ungraded knowledge check
# ------------------------------------------------------------------------------
class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer option"), max_length=300)
    is_correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"),
        required=False,
        help_text=_("Shown after answering: why this option is or is not right."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Option")


def _options_block():
    return blocks.ListBlock(OptionBlock(), min_num=2, max_num=8, label=_("Options"))


class ChoiceQuestionBlock(blocks.StructBlock):
    """A question with options; subclasses say how many options may be correct."""

    prompt = blocks.TextBlock(label=_("Question"))
    options = _options_block()
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        required=False,
        help_text=_("Shown after answering, whichever option was chosen."),
    )

    def check_correct_count(self, correct: int) -> str | None:
        """A message when `correct` options is wrong for this kind of question; the base
        accepts any number, each question type narrows it."""
        return None

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for option in value["options"] if option["is_correct"])
        message = self.check_correct_count(correct)
        if message:
            raise StructBlockValidationError(block_errors={"options": ValidationError(message)})
        return value


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    def check_correct_count(self, correct):
        if correct != 1:
            return _("Mark exactly one option as correct.")
        return None

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleSelectQuestionBlock(ChoiceQuestionBlock):
    def check_correct_count(self, correct):
        if correct < 1:
            return _("Mark at least one option as correct.")
        return None

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple select")


class TrueFalseQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Statement"))
    correct_answer = blocks.ChoiceBlock(
        label=_("The statement is"),
        choices=[("true", _("True")), ("false", _("False"))],
    )
    feedback_true = blocks.TextBlock(
        label=_("Feedback for 'True'"),
        required=False,
        help_text=_("Shown to someone who chose True."),
    )
    feedback_false = blocks.TextBlock(
        label=_("Feedback for 'False'"),
        required=False,
        help_text=_("Shown to someone who chose False."),
    )
    explanation = blocks.TextBlock(label=_("Explanation"), required=False)

    class Meta:
        icon = "tick"
        label = _("True or false")


class QuestionBankBlock(blocks.StreamBlock):
    """The graded questions of a module's assessment."""

    single_choice = SingleChoiceQuestionBlock()
    multiple_select = MultipleSelectQuestionBlock()
    true_false = TrueFalseQuestionBlock()


class KnowledgeCheckBlock(blocks.StreamBlock):
    """One ungraded question inside a lesson: the trainee checks their understanding."""

    single_choice = SingleChoiceQuestionBlock()
    multiple_select = MultipleSelectQuestionBlock()
    true_false = TrueFalseQuestionBlock()

    class Meta:
        max_num = 1
        min_num = 1
        icon = "help"
        label = _("Knowledge check (ungraded)")
        template = "curriculum/blocks/knowledge_check.html"


class PackageBlock(blocks.StructBlock):
    """A SCORM package or H5P activity (uploaded under "Packaged activities") played inside the
    lesson. The lesson is complete when the package reports completed, and passed where it sets
    a mastery score; an H5P activity when its score reaches the pass mark the editor set."""

    package = SnippetChooserBlock("curriculum.LearningPackage", label=_("Package"))
    frame_height = blocks.IntegerBlock(
        label=_("Height of the player (pixels)"),
        default=600,
        min_value=300,
        max_value=2000,
        help_text=_(
            "SCORM only: the package's own pages scroll inside it at a phone's width. An H5P "
            "activity takes the height it needs."
        ),
    )

    class Meta:
        icon = "folder-inverse"
        label = _("Packaged activity (SCORM or H5P)")
        template = "curriculum/blocks/package.html"


class LessonStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=LESSON_RICH_TEXT_FEATURES, template="curriculum/blocks/text.html"
    )
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    reflection = ReflectionPromptBlock()
    story = LivedExperienceStoryBlock()
    resource = ResourceBlock()
    knowledge_check = KnowledgeCheckBlock()
    package = PackageBlock()
