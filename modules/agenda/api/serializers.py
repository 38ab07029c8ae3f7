from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import Appointment
from ..vocabulary import APPOINTMENT


class AppointmentSerializer(VocabularySerializer):
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Appointment
        vocabulary = APPOINTMENT
        fields = APPOINTMENT.keys()
