/**
 * A room's settings, as the room's own configuration form (XEP-0045 §10.2): drawn generically
 * from the form the server sends (DataFormFields), checked field by field as XEP-0122 says, and
 * submitted as the room asked. Nothing about the fields is assumed: a server with other
 * settings gets them shown as it describes them.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validateForm, type DataForm, type FormValues } from '../../../shared/dataforms';
import { DataFormFields } from '../../components/DataFormFields';
import { FormDialog } from '../../components/FormDialog';
import { useSubmit } from '../../components/useSubmit';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { useRoomName } from './RoomDialogs';

export function RoomConfigDialog({
  accountId,
  room,
  onClose,
}: {
  accountId: string;
  room: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const name = useRoomName(accountId, room);
  const roomRequest = useAppStore((s) => s.roomRequest);
  const [form, setForm] = useState<DataForm | null>(null);
  const [values, setValues] = useState<FormValues>({});
  const [tried, setTried] = useState(false);
  const { busy, failure, setFailure, run } = useSubmit(onClose);
  const titleId = useId();

  useEffect(() => {
    let live = true;
    void roomRequest('room.config', { accountId, room }).then((result) => {
      if (!live) return;
      if (result.ok) setForm(result.value);
      else setFailure(errorText(t, result.error));
    });
    return () => {
      live = false;
    };
  }, [accountId, room, roomRequest, setFailure, t]);

  const errors = form && tried ? validateForm(form, values) : [];
  return (
    <FormDialog
      titleId={titleId}
      title={form?.title ?? t('rooms.config.title', { room: name })}
      onCancel={onClose}
      onSubmit={async () => {
        if (!form) return;
        setTried(true);
        if (validateForm(form, values).length > 0) return;
        await run(() => roomRequest('room.configure', { accountId, room, values }));
      }}
      busy={busy}
      failure={failure}
      submitLabel={t('rooms.config.save')}
      submitDisabled={!form}
      wide
    >
      {form ? (
        <div className="form-dialog__scroll">
          <DataFormFields form={form} values={values} onChange={setValues} errors={errors} />
        </div>
      ) : (
        !failure && <p className="form-dialog__note">{t('rooms.config.loading')}</p>
      )}
    </FormDialog>
  );
}
